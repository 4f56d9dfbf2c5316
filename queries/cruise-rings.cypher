// What did Tom Cruise attach to the Hollywood sign, and how did he get there?
MATCH (c:Person {name: 'Tom Cruise'})-[a:attaches]->(thing)
OPTIONAL MATCH (thing)-[t:attached_to]->(sign:Landmark)
OPTIONAL MATCH (c)-[d:skydives_to|carries_flag_to]->(sign)
RETURN thing.name AS attached, thing.number AS how_many, sign.name AS to_what,
       a.sources AS sources, collect(DISTINCT [type(d), d.sources]) AS how_he_got_there;
