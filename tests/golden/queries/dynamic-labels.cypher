// fixture: movies
// Dynamic labels and types, `$(e)`, `$all(e)`, `$any(e)` (Neo4j 5.26), with the examples
// of the manual's MATCH, CREATE, MERGE, SET and REMOVE pages; results checked by hand
// against the manual's.
WITH ['Person', 'Director'] AS labels MATCH (directors:$(labels)) RETURN directors.name ORDER BY directors.name;
MATCH (n:$any(['Movie', 'Actor'])) RETURN n.name, n.title ORDER BY n.name, n.title;
MATCH (n:$all(['Person', 'Actor'])) RETURN count(n);
CALL db.relationshipTypes() YIELD relationshipType MATCH ()-[r:$(relationshipType)]->() RETURN relationshipType, count(r) AS relationshipCount ORDER BY relationshipType;
MATCH (p)-[r:$any(['DIRECTED', 'NOPE'])]->(m) RETURN p.name, m.title ORDER BY p.name;
MATCH (p)-[r:ACTED_IN|$($relType)]->(m {title: 'Wall Street'}) RETURN p.name, type(r) ORDER BY p.name;
MATCH ()-[r:$(['ACTED_IN', 'DIRECTED'])]->() RETURN count(r);
MATCH ()-[r:$([])]->() RETURN count(r);
MATCH (n:$([])) RETURN count(n);
MATCH (n:$any([])) RETURN count(n);
MATCH (n:Person:$($nodeLabels[1])) RETURN n.name ORDER BY n.name;
MATCH (n) WHERE n:$('Director') RETURN n.name ORDER BY n.name;
MATCH (n:Person) RETURN n.name, n:$any(['Actor', 'Movie']) AS actor ORDER BY n.name;
MATCH (p:Person) WHERE (p)-[:$('DIRECTED')]->(:$('Movie')) RETURN p.name ORDER BY p.name;
MATCH (a {name: 'Martin Sheen'})-[:$('ACTED_IN')*1..2]-(m:Movie) RETURN DISTINCT m.title ORDER BY m.title;
MATCH (p:Person)-[:$('ACTED_IN')]->{1}(m) RETURN count(*);
MATCH (m:Movie)<--(p:$('Director')) RETURN m.title, p.name ORDER BY m.title;
MATCH (p:Person)-->(m:$any(['Movie'])) RETURN p.name, m.title ORDER BY p.name, m.title;
UNWIND ['Movie', 'Director'] AS l MATCH (n:$(l)) RETURN l, count(n) ORDER BY l;
// CREATE: labels from a list, the one type from a parameter (the manual's example)
CREATE (greta:$($nodeLabels) {name: 'Greta Gerwig'}) WITH greta UNWIND $movies AS movieTitle CREATE (greta)-[rel:$($relType)]->(m:Movie {title: movieTitle}) RETURN greta.name AS name, labels(greta) AS labels, type(rel) AS relType, collect(m.title) AS movies;
UNWIND [{label: 'Band', name: 'The Beatles'}, {label: 'Band', name: 'Queen'}, {label: 'Artist', name: 'Bob Dylan'}] AS line MERGE (n:$(line.label) {name: line.name}) RETURN labels(n), n.name ORDER BY n.name;
UNWIND [{label: 'Band', name: 'Queen'}] AS line MERGE (n:$(line.label) {name: line.name}) ON MATCH SET n.seen = true RETURN n.name, n.seen;
MATCH (b:Band {name: 'Queen'}) MERGE (b)-[r:$('PLAYED')]->(:Song {title: 'Bohemian Rhapsody'}) RETURN type(r);
MATCH (n:Band) RETURN count(n);
// SET and REMOVE
MATCH (n:Director) SET n:$(replace(n.name, ' ', '')) RETURN n.name, labels(n) AS labels ORDER BY n.name;
MATCH (n {name: 'Rob Reiner'}) SET n:$($label) RETURN labels(n);
WITH COLLECT { UNWIND range(0, 3) AS id RETURN 'Label' + id } AS labels MATCH (n {name: 'Oliver Stone'}) SET n:$(labels) RETURN labels(n);
MATCH (n {name: 'Oliver Stone'}) REMOVE n:$(['Label1', 'Label2']), n:$('OliverStone') RETURN labels(n);
MATCH (n {name: 'Rob Reiner'}) REMOVE n:$($label):RobReiner RETURN labels(n);
OPTIONAL MATCH (n:Nobody) SET n:$('X') RETURN n;
EXPLAIN MATCH (n:$($label)) RETURN n;
EXPLAIN MATCH (n:Person:$any($nodeLabels))-[r:ACTED_IN|$($relType)]->(m) WHERE m:$('Movie') RETURN m;
// errors, as Neo4j words them where it has words
MATCH (n:$(null)) RETURN n;
MATCH (n:$(42)) RETURN n;
MATCH (n:$(['Person', null])) RETURN n;
MATCH (n:$('')) RETURN n;
CREATE (:$(['Ok', '']));
CREATE ()-[:$(['A', 'B'])]->();
CREATE ()-[:$([])]->();
CREATE ()-[:A|$('B')]->();
CREATE (:$any(['A']));
MATCH (n) SET n:$all(['A']);
MATCH (n) REMOVE n:$any(['A']);
MATCH (n:$(n.name)) RETURN n;
// a constant that is no name fails at compile time, even where no row would reach it
MATCH (n:Nobody) WHERE n:$(1 + 1) RETURN n;
MATCH (:Nobody)-[r]->() WHERE r:$any(['A', 7]) RETURN r;
MATCH (n:Nobody) SET n:$(toUpper(''));
MATCH (n:Nobody) REMOVE n:$([null]);
MATCH ()-[:$(true)]->() RETURN 1;
MATCH (a)-[:$(b.kind)]->(b) RETURN a;
CREATE INDEX FOR (n:$('A')) ON (n.x);
