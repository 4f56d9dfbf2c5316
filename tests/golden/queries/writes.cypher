// fixture: social
CREATE (n:Person {name: 'Frank', age: 40}) RETURN n.name;
MATCH (a:Person {name: 'Frank'}), (b:Person {name: 'Alice'}) CREATE (a)-[r:KNOWS {since: 2024}]->(b) RETURN type(r), r.since;
MATCH (n:Person {name: 'Frank'}) SET n.age = 41, n:Admin RETURN n.age, labels(n);
MATCH (n:Person {name: 'Frank'}) REMOVE n.age, n:Admin RETURN n.age, labels(n);
MATCH (n:Person {name: 'Frank'}) DELETE n;
MATCH (n:Person {name: 'Frank'}) DETACH DELETE n;
MATCH (n:Person {name: 'Frank'}) RETURN count(*);
MERGE (c:City {name: 'Paris'}) RETURN c.name;
MERGE (c:City {name: 'Rome'}) ON CREATE SET c.new = true ON MATCH SET c.new = false RETURN c.name, c.new;
MERGE (c:City {name: 'Rome'}) ON CREATE SET c.new = true ON MATCH SET c.new = false RETURN c.name, c.new;
UNWIND [1, 1, 2] AS x MERGE (n:Num {v: x}) RETURN count(*);
MATCH (n:Num) RETURN n.v;
UNWIND [1, 2, 0] AS x CREATE (:Tmp {v: 10 / x});
MATCH (n:Tmp) RETURN count(*);
MATCH (n:Person) CREATE (:Copy) RETURN count(*);
MATCH (n:Copy) RETURN count(*);
MATCH (a:Person {name: 'Alice'}) SET a += {age: 31, city: 'Paris'} RETURN a.age, a.city;
MATCH (a:Person {name: 'Alice'}) SET a = {name: 'Alice'} RETURN a;
MERGE (a:Person {name: null}) RETURN a;
// CREATE's property map, value by value: nulls are not stored, every value is evaluated before any is checked, a key given twice keeps its last value, one map per row
UNWIND [1, 2, null] AS i CREATE (n:Lit {a: i, b: i * 10, c: 'x'}) RETURN n.a, n.b, n.c, keys(n) ORDER BY n.a;
CREATE (n:Lit {a: {inner: 1}, b: 1 / 0}) RETURN n;
CREATE (n:Lit {a: 1, a: 2}) RETURN n.a;
UNWIND range(1, 3) AS i MATCH (x:Lit {a: 1}) CREATE (x)-[r:LIT_REL {i: i, sq: i * i}]->(x) RETURN r.i, r.sq ORDER BY r.i;
MERGE (m:Lit {a: 42, b: 'm'}) RETURN m.a, m.b;
