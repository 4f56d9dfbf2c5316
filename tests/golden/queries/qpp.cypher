// fixture: stations
// GQL path patterns on the railway graph of the Cypher manual ("Shortest paths"); the
// results of the manual's queries are the manual's, the others were counted by hand.
// SHORTEST k, ALL SHORTEST, SHORTEST k GROUPS (the manual's answers: 2; the two paths of
// length 2; those and the three of length 3; the counts 2 3 1 4 8 10 6 by length).
MATCH p = SHORTEST 1 (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN length(p) AS result;
MATCH p = SHORTEST 2 (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN [n in nodes(p) | n.name] AS stops ORDER BY stops;
MATCH p = SHORTEST 5 (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN [n in nodes(p) | n.name] AS stops ORDER BY length(p), stops;
MATCH p = ALL SHORTEST (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN [n in nodes(p) | n.name] AS stops ORDER BY stops;
MATCH p = SHORTEST 2 GROUPS (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN [n in nodes(p) | n.name] AS stops, length(p) AS pathLength ORDER BY pathLength, stops;
// the count from a parameter ($limit is 2): the same as SHORTEST 2
MATCH p = SHORTEST $limit (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN [n in nodes(p) | n.name] AS stops ORDER BY stops;
MATCH p = SHORTEST $limit GROUPS (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN length(p) AS pathLength, count(*) AS n ORDER BY pathLength;
MATCH p = ANY $limit (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN count(p);
MATCH p = SHORTEST $name (a:Station)-[:LINK]-+(b:Station) RETURN p;
MATCH p = SHORTEST $nope (a:Station)-[:LINK]-+(b:Station) RETURN p;
MATCH p = SHORTEST 8 GROUPS (wos:Station)-[:LINK]-+(bmv:Station) WHERE wos.name = "Worcester Shrub Hill" AND bmv.name = "Bromsgrove" RETURN length(p) AS pathLength, count(*) AS numPaths ORDER BY pathLength;
// ANY with a predicate inside the relationship pattern
MATCH path = ANY (:Station {name: 'Pershore'})-[l:LINK WHERE l.distance < 10]-+(b:Station {name: 'Bromsgrove'}) RETURN [r IN relationships(path) | r.distance] AS distances;
// partitions: one selection per pair of start and end node
UNWIND ["Droitwich Spa", "Hartlebury"] AS a UNWIND ["Ashchurch", "Cheltenham Spa"] AS b MATCH SHORTEST 2 GROUPS (o:Station {name: a})-[l]-+(d:Station {name: b}) RETURN o.name AS start, d.name AS `end`, size(l) AS pathLength, count(*) AS numPaths ORDER BY start, `end`, pathLength;
// pre-filters and post-filters: the MATCH's WHERE filters after the selection, a WHERE
// inside the pattern or inside its parentheses before it
MATCH SHORTEST 1 (:Station {name: 'Hartlebury'}) (()--(n))+ (:Station {name: 'Cheltenham Spa'}) RETURN [stop in n[..-1] | stop.name] AS stops;
MATCH SHORTEST 1 (:Station {name: 'Hartlebury'}) (()--(n:Station))+ (:Station {name: 'Cheltenham Spa'}) WHERE none(stop IN n[..-1] WHERE stop.name = 'Bromsgrove') RETURN [stop in n[..-1] | stop.name] AS stops;
MATCH SHORTEST 1 (:Station {name: 'Hartlebury'}) (()--(n:Station WHERE n.name <> 'Bromsgrove'))+ (:Station {name: 'Cheltenham Spa'}) RETURN [stop in n[..-1] | stop.name] AS stops;
MATCH SHORTEST 1 ( (:Station {name: 'Hartlebury'}) (()--(n:Station))+ (:Station {name: 'Cheltenham Spa'}) WHERE none(stop IN n[..-1] WHERE stop.name = 'Bromsgrove') ) RETURN [stop in n[..-1] | stop.name] AS stops;
MATCH p = SHORTEST 1 (:Station {name: 'Hartlebury'})--+(b:Station) RETURN b.name AS destination, length(p) AS pathLength ORDER BY pathLength, destination;
MATCH p = SHORTEST 1 (:Station {name: 'Hartlebury'})--+(b:Station) WHERE length(p) % 2 = 0 RETURN b.name AS destination, length(p) AS pathLength ORDER BY pathLength, destination;
MATCH SHORTEST 1 (p = (:Station {name: 'Hartlebury'})--+(b:Station) WHERE length(p) % 2 = 0 ) RETURN b.name AS destination, length(p) AS pathLength ORDER BY pathLength, destination;
// group variables are lists outside the QPP: two hops out of Bromsgrove
MATCH (:Station {name: 'Bromsgrove'}) ((a)-[:LINK]->(b)){2} (t) RETURN [x IN a | x.name] AS froms, [x IN b | x.name] AS tos, t.name ORDER BY t.name, tos;
// {,m} allows no iteration: the outer nodes are then the same node
MATCH (:Station {name: 'Worcestershire Parkway'}) (()-[:LINK]->(n)){,2} (t) RETURN t.name, size(n) ORDER BY size(n), t.name;
// {n,} with the QPP's WHERE: short links around Pershore form a line of four stations
MATCH (:Station {name: 'Pershore'}) ((x)-[l:LINK]-(y) WHERE l.distance < 5){2,} (b) RETURN b.name, size(l) ORDER BY size(l);
MATCH (:Station {name: 'Pershore'}) ((x)-[l:LINK]-(y) WHERE l.distance < 5)* (b) RETURN b.name, size(l) ORDER BY size(l);
// path modes: walks, trails and acyclic paths of 3 and 4 links from Pershore (11, 7, 7
// and 37, 14, 12), and cycles of 3 back to Worcestershire Parkway (SIMPLE 2, ACYCLIC 0)
MATCH WALK (:Station {name: 'Pershore'})-[:LINK]-{3}(b) RETURN count(*);
MATCH TRAIL (:Station {name: 'Pershore'})-[:LINK]-{3}(b) RETURN count(*);
MATCH (:Station {name: 'Pershore'})-[:LINK]-{3}(b) RETURN count(*);
MATCH ACYCLIC (:Station {name: 'Pershore'})-[:LINK]-{3}(b) RETURN count(*);
MATCH WALK (:Station {name: 'Pershore'})-[:LINK]-{4}(b) RETURN count(*);
MATCH TRAIL PATHS (:Station {name: 'Pershore'})-[:LINK]-{4}(b) RETURN count(*);
MATCH ACYCLIC (:Station {name: 'Pershore'})-[:LINK]-{4}(b) RETURN count(*);
MATCH SIMPLE (a:Station {name: 'Worcestershire Parkway'})-[:LINK]-{3}(a) RETURN count(*);
MATCH ACYCLIC (a:Station {name: 'Worcestershire Parkway'})-[:LINK]-{3}(a) RETURN count(*);
MATCH ALL (a:Station {name: 'Worcestershire Parkway'})-[:LINK]-{3}(a) RETURN count(*);
// two QPPs in one path, the relationship of the first not used again by the second
MATCH (:Station {name: 'Pershore'}) (()-[:LINK]->()){1} (m) (()<-[:LINK]-()){1} (b) RETURN m.name, b.name ORDER BY b.name;
// a path variable over a QPP, and a QPP after a plain relationship
MATCH p = (:Station {name: 'Hartlebury'}) ((a)-[:LINK]-(b)){2} RETURN length(p), [n IN nodes(p) | n.name] AS names ORDER BY names;
MATCH (:Station {name: 'Pershore'})-[:LINK]->(w) ((a)-[:LINK]->(b)){1} RETURN w.name, [x IN b | x.name];
// ANY k: at most k paths per end node (Pershore to Bromsgrove: one path of 2 links, two of 4)
MATCH (:Station {name: 'Pershore'})-[:LINK]-{1,4}(b:Station {name: 'Bromsgrove'}) RETURN count(*);
MATCH ANY 2 (:Station {name: 'Pershore'})-[:LINK]-{1,4}(b:Station {name: 'Bromsgrove'}) RETURN count(*);
// inline WHERE on a node outside a QPP, and the old forms beside the new
MATCH (a:Station WHERE a.name STARTS WITH 'Worcester')-[:LINK]->(b) RETURN a.name, b.name ORDER BY a.name, b.name;
MATCH p = shortestPath((a:Station {name: 'Pershore'})-[:LINK*]-(b:Station {name: 'Hartlebury'})) RETURN length(p);
MATCH (a:Station {name: 'Pershore'})-[:LINK*1..2]-(b) RETURN count(*);
MATCH (a:Station {name: 'Pershore'})-[r:LINK]-{1,2}(b) RETURN count(*), collect(size(r))[0];
// EXISTS and COUNT over a quantified pattern
MATCH (a:Station) WHERE COUNT { (a)-[:LINK]->{2}() } > 1 RETURN a.name ORDER BY a.name;
EXPLAIN MATCH p = SHORTEST 2 GROUPS (a:Station {name: 'Pershore'}) ((x)-[l:LINK]-(y) WHERE l.distance < 10)+ (b) RETURN p;
// what is refused
CREATE (a)-[:LINK]->{2}(b);
MATCH (x:Station) MATCH (y) ((x)-->(z)){2} RETURN y;
MATCH (a:Station) ((x)-[:LINK]->(y) WHERE y.name > a.name){2} (b) RETURN b;
MATCH SHORTEST 0 (a)-[:LINK]-+(b) RETURN a;
MATCH (a) ((x)-[:LINK]->(y)){2} ((x)-[:LINK]->(y)){2} RETURN a;
