// fixture: teams
// The examples of Neo4j's Cypher manual, "CALL subqueries", with its results.
UNWIND [0, 1, 2] AS x CALL () { RETURN 'hello' AS innerReturn } RETURN innerReturn;
UNWIND [1, 2, 3] AS x CALL () { MATCH (p:Player {name: 'Player A'}) SET p.age = p.age + 1 RETURN p.age AS newAge } MATCH (p:Player {name: 'Player A'}) RETURN x AS iteration, newAge, p.age AS totalAge ORDER BY iteration;
MATCH (t:Team) CALL (t) { MATCH (p:Player)-[:PLAYS_FOR]->(t) RETURN collect(p.name) AS players } RETURN t.name AS team, players ORDER BY team;
MATCH (t:Team) CALL (t) { MATCH (t)-[o:OWES]->(other:Team) RETURN sum(o.dollars) AS owedAmount, other.name AS owedTeam } RETURN t.name AS owingTeam, owedAmount, owedTeam;
MATCH (p:Player) OPTIONAL CALL (p) { MATCH (p)-[:PLAYS_FOR]->(team:Team) RETURN team } RETURN p.name AS playerName, team.name AS team;
MATCH (p:Player) CALL (p) { MATCH (p)-[:PLAYS_FOR]->(team:Team) RETURN team } RETURN p.name AS playerName, team.name AS team;
CALL () { MATCH (p:Player) RETURN p ORDER BY p.age ASC LIMIT 1 UNION MATCH (p:Player) RETURN p ORDER BY p.age DESC LIMIT 1 } RETURN p.name AS playerName, p.age AS age;
MATCH (t:Team) CALL (t) { OPTIONAL MATCH (t)-[o:OWES]->(other:Team) RETURN o.dollars * -1 AS moneyOwed UNION ALL OPTIONAL MATCH (other)-[o:OWES]->(t) RETURN o.dollars AS moneyOwed } RETURN t.name AS team, sum(moneyOwed) AS amountOwed ORDER BY amountOwed DESC;
MATCH (p:Player) CALL (p) { UNWIND range(1, 5) AS i CREATE (:Clone {name: p.name}) } RETURN count(*);
MATCH (c:Clone) RETURN c.name, count(*) AS n;
MATCH (t:Team) CALL (*) { MATCH (p:Player)-[:PLAYS_FOR]->(t) RETURN count(p) AS n } RETURN t.name, n;
// the importing WITH of the older form
MATCH (t:Team) CALL { WITH t MATCH (p:Player)-[:PLAYS_FOR]->(t) RETURN max(p.age) AS oldest } RETURN t.name, oldest;
MATCH (p:Player) CALL { WITH p WITH p WHERE p.age > 24 RETURN p.name AS older } RETURN older;
// a subquery runs once per row, and an empty one removes the row
UNWIND [1, 2] AS x CALL (x) { UNWIND range(1, x) AS y RETURN y } RETURN x, y;
UNWIND [1, 2] AS x CALL (x) { MATCH (t:Team {name: 'nobody'}) RETURN t } RETURN x;
// nested subqueries
MATCH (t:Team) CALL (t) { CALL (t) { MATCH (t)<-[:PLAYS_FOR]-(p) RETURN p } RETURN count(p) AS n } RETURN t.name, n;
// a subquery that writes, with the outer rows read first
MATCH (t:Team) CALL (t) { CREATE (:Badge {team: t.name}) } WITH count(*) AS rows MATCH (b:Badge) RETURN rows, count(b) AS badges;
EXPLAIN MATCH (p:Player) CALL (p) { MATCH (p)-[:PLAYS_FOR]->(team:Team) RETURN team } RETURN p.name, team.name;
EXPLAIN MATCH (p:Player) CALL (p) { CREATE (:Copy {name: p.name}) } RETURN p.name;
// errors
MATCH (t:Team) CALL (t) { RETURN t } RETURN t;
MATCH (t:Team) CALL () { RETURN t.name AS name } RETURN name;
MATCH (t:Team) CALL (x) { RETURN 1 AS one } RETURN one;
MATCH (t:Team) CALL { RETURN t.name AS name } RETURN name;
CALL { RETURN 1 AS a UNION RETURN 2 AS b } RETURN a;
CALL { RETURN 1 AS a UNION ALL RETURN 2 AS a UNION RETURN 3 AS a } RETURN a;
CALL { MATCH (t:Team) } RETURN 1;
CALL { MATCH (t:Team) RETURN t.name AS name };
MATCH (t:Team) WHERE EXISTS { CALL (t) { CREATE (:X) } } RETURN t;
