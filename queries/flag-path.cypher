// One unbroken chain of flag hand-overs from Anne Hidalgo to the Venice Beach party,
// following hands_to, receives_flag_from and brings_flag_to in either direction (every
// hand-over is stored both ways, one of them an inverse reading).
MATCH p = shortestPath((h:Person {name: 'Anne Hidalgo'})-[:hands_to|receives_flag_from|brings_flag_to*..8]-(party:Event {name: 'Venice Beach party'}))
RETURN [n IN nodes(p) | n.name] AS chain,
       [r IN relationships(p) | type(r)] AS steps,
       [r IN relationships(p) | r.sources] AS sources;
