// Where did the opening ceremony take place, when, and who performed at it?
MATCH (o:Event {name: 'Paris 2024 Olympics opening ceremony'})
OPTIONAL MATCH (o)-[w:held_along|held_at]->(place)
OPTIONAL MATCH (o)-[d:held_on]->(day:Date)
OPTIONAL MATCH (p)-[r:performs_at]->(o)
RETURN place.name AS place, w.sources AS place_sources, day.date AS date, d.sources AS date_sources,
       collect(p.name) AS performers, collect(r.sources) AS performer_sources, o.description AS note,
       o.description_sources AS note_sources;
