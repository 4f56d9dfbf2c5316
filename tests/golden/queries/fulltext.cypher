// fixture: none
// Full-text indexes: creating them (and the mistakes), querying nodes and
// relationships with Lucene's syntax, and the index following every write, including
// a statement that fails and is rolled back.
CREATE (:Person {name: 'Karen Bass', aliases: ['Bass', 'Mayor Bass', 'Mayor Karen Bass']}),
       (:Person:Musician {name: 'H.E.R.', aliases: ['HER']}),
       (:Person:Musician {name: 'Dr Dre', aliases: ['Dr. Dre', 'Dre']}),
       (:Band {name: 'Red Hot Chili Peppers', aliases: ['RHCP', 'Chili Peppers']}),
       (:Quote {name: 'Bass on showing diversity'}),
       (:Person {name: 'Angèle', aliases: 42}),
       (c:Person {name: 'Tom Cruise'})-[:RIDES {evidence: ['r1: Cruise hops on a motorcycle', 'r2: he mounts a motorcycle']}]->(:Object {name: 'motorcycle'}),
       (c)-[:CARRIES {evidence: 'r3: the flag trails behind Cruise\'s motorcycle'}]->(:Object {name: 'Olympic flag'}),
       (c)-[:JUMPS {evidence: 'r4: Cruise leaps from the roof'}]->(:Venue {name: 'Stade de France'});
CREATE FULLTEXT INDEX names FOR (n:Person|Band|Musician) ON EACH [n.name, n.aliases];
CREATE FULLTEXT INDEX evidence FOR ()-[r:RIDES|CARRIES|JUMPS]-() ON EACH [r.evidence];
CREATE FULLTEXT INDEX names IF NOT EXISTS FOR (n:Quote) ON EACH [n.name];
CREATE FULLTEXT INDEX FOR (q:Quote) ON EACH [q.name] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard', `fulltext.eventually_consistent`: false}};
CREATE INDEX person_name FOR (p:Person) ON (p.name);
SHOW INDEXES;
EXPLAIN CREATE FULLTEXT INDEX more FOR ()-[r:RIDES]-() ON EACH [r.evidence, r.note];
// mistakes
CREATE FULLTEXT INDEX names FOR (n:Person) ON EACH [n.name];
CREATE FULLTEXT INDEX person_name FOR (n:Person) ON EACH [n.name];
CREATE INDEX names FOR (n:Band) ON (n.name);
CREATE FULLTEXT INDEX bad FOR (n:Person) ON EACH [m.name];
CREATE FULLTEXT INDEX bad FOR (n:Person) ON EACH [n.name, n.name];
CREATE FULLTEXT INDEX bad FOR (n:Person) ON EACH [n.name] OPTIONS {indexConfig: {`fulltext.analyzer`: 'klingon'}};
CREATE FULLTEXT INDEX bad FOR (n:Person) ON EACH [n.name] OPTIONS {indexProvider: 'x'};
CREATE FULLTEXT INDEX bad FOR (n:Person) ON EACH (n.name);
// queries
CALL db.index.fulltext.queryNodes('names', 'bass') YIELD node, score RETURN node.name, round(score, 6) AS score ORDER BY score DESC;
CALL db.index.fulltext.queryNodes('names', 'her') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'dre') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'ANGELE') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'chili pepers~') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', '"mayor karen" OR cruis*') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'aliases:dre^3 OR name:cruise') YIELD node, score RETURN node.name, round(score, 6) AS score ORDER BY score DESC;
CALL db.index.fulltext.queryNodes('names', '+mayor -karen') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'bass OR dre OR her', {skip: 1, limit: 1}) YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('fulltext_Quote_name', 'bass') YIELD node RETURN node.name;
CALL db.index.fulltext.queryRelationships('evidence', 'motorcycle') YIELD relationship, score RETURN type(relationship), round(score, 6) AS score ORDER BY score DESC;
CALL db.index.fulltext.queryRelationships('evidence', '"hops on" AND r1') YIELD relationship RETURN type(relationship);
MATCH (c:Person {name: 'Tom Cruise'}) CALL db.index.fulltext.queryRelationships('evidence', c.name) YIELD relationship RETURN count(*);
// phrase slop and term ranges
CALL db.index.fulltext.queryNodes('names', '"bass karen"') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', '"bass karen"~2') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', '"red peppers"~2') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'name:[dr TO dre]') YIELD node RETURN node.name;
CALL db.index.fulltext.queryNodes('names', 'aliases:{dre TO *}') YIELD node RETURN node.name ORDER BY node.name;
CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer WITH collect(analyzer) AS all RETURN all[0], 'english' IN all, 'french' IN all;
// query mistakes
CALL db.index.fulltext.queryNodes('nope', 'bass') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('evidence', 'bass') YIELD node RETURN node;
CALL db.index.fulltext.queryRelationships('names', 'bass') YIELD relationship RETURN relationship;
CALL db.index.fulltext.queryNodes('names', 'chili (peppers') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', 'role:singer') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', 'karen [a TO b') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', 'bass OR "karen bass"~x') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names',
  'mayor AND
   (bass OR') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', 'Ang\u00e8le (') YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', 'bass', {limit: -1}) YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', 'bass', {size: 1}) YIELD node RETURN node;
CALL db.index.fulltext.queryNodes('names', null) YIELD node RETURN node;
// writes: the index follows them
MATCH (n {name: 'Karen Bass'}) SET n.name = 'Karen Ruth Bass', n.aliases = ['KB'];
CALL db.index.fulltext.queryNodes('names', 'ruth OR mayor') YIELD node RETURN node.name;
MATCH (n {name: 'Dr Dre'}) REMOVE n:Person;
CALL db.index.fulltext.queryNodes('names', 'dre') YIELD node RETURN node.name, labels(node);
MATCH (n {name: 'Dr Dre'}) REMOVE n:Musician;
CALL db.index.fulltext.queryNodes('names', 'dre') YIELD node RETURN node.name;
MATCH (n {name: 'Dr Dre'}) SET n:Band;
CALL db.index.fulltext.queryNodes('names', 'dre') YIELD node RETURN node.name;
MATCH (n:Band {name: 'Red Hot Chili Peppers'}) DETACH DELETE n;
CALL db.index.fulltext.queryNodes('names', 'chili') YIELD node RETURN node.name;
CREATE (:Musician {name: 'Chilly Gonzales'});
CALL db.index.fulltext.queryNodes('names', 'chili~1') YIELD node RETURN node.name;
MATCH ()-[r:JUMPS]->() SET r.evidence = 'r4: Cruise abseils on a motorcycle';
CALL db.index.fulltext.queryRelationships('evidence', 'motorcycle') YIELD relationship RETURN type(relationship);
MATCH ()-[r:RIDES]->() DELETE r;
CALL db.index.fulltext.queryRelationships('evidence', 'motorcycle') YIELD relationship RETURN type(relationship);
// each claim once: an inferred inverse copy is left out when its claim is a hit too;
// one whose claim is not a hit (or no claim) is kept
MATCH (c)-[r:CARRIES]->(f) CREATE (f)-[:CARRIES {evidence: r.evidence, inferred: true}]->(c);
MATCH (v:Venue) CREATE (v)-[:JUMPS {evidence: 'r5: a stray motorcycle', inferred: true}]->(:Object {name: 'helmet'});
CALL db.index.fulltext.queryRelationships('evidence', 'motorcycle') YIELD relationship AS r RETURN type(r), startNode(r).name, r.inferred ORDER BY type(r), r.inferred;
MATCH ()-[r {inferred: true}]->() DELETE r;
MATCH (h:Object {name: 'helmet'}) DELETE h;
// a failing statement changes nothing, in the index either
MATCH (n:Person {name: 'Tom Cruise'}) SET n.name = 'Maverick' WITH n RETURN 1 / 0;
CALL db.index.fulltext.queryNodes('names', 'maverick OR cruise') YIELD node RETURN node.name;
DROP INDEX evidence;
DROP INDEX evidence;
DROP INDEX evidence IF EXISTS;
CALL db.index.fulltext.queryRelationships('evidence', 'motorcycle') YIELD relationship RETURN relationship;
SHOW INDEXES;
