// fixture: social
MATCH (n) RETURN m;
MATCH (n)-[n]->() RETURN n;
MATCH (n) WHERE count(n) > 1 RETURN n;
RETURN count(count(1));
RETURN *;
MATCH (n) RETURN n.name, count(*) ORDER BY n.age;
RETURN tolower('A'), toLowr('A');
RETURN size(1, 2);
WITH 1 + 1 RETURN 1;
RETURN 1 AS a, 2 AS a;
CREATE (a)-[:R|S]->(b);
CREATE (a)-[:R]-(b);
MATCH (a) CREATE (a:Person);
DELETE 1 + 1;
MATCH (n:Person {name: 'Alice'}) DELETE n;
RETURN 1 / 0;
RETURN 9223372036854775807 + 1;
MATCH (n:Person) RETURN n.age + count(*);
// run-time errors point at the pattern they come from
CREATE (a:Gone) WITH a DELETE a CREATE (a)-[:R]->(:Y);
OPTIONAL MATCH (n:Nope) CREATE (:Y)-[:R]->(n);
WITH 1 AS x MATCH (x)-[:R]->(y) RETURN y;
RETURN foo(1 FROM 2);
RETURN trim(BOTH 'a' 'b');
