// When are the Paralympic Games, where was their flame lit, and why there?
MATCH (p:Event {name: 'Paris 2024 Paralympic Games'})
OPTIONAL MATCH (p)-[s:starts_on]->(first:Date)
OPTIONAL MATCH (p)-[e:ends_on]->(last:Date)
OPTIONAL MATCH (flame)-[:belongs_to]->(p)
OPTIONAL MATCH (flame)-[l:lit_in]->(place)
OPTIONAL MATCH (place)-[b:birthplace_of]->(movement)
RETURN first.date AS starts, last.date AS ends, s.sources AS date_sources,
       place.name AS flame_lit_in, l.sources AS flame_sources,
       movement.name AS birthplace_of, b.sources AS birthplace_sources;
