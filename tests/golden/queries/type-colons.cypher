// fixture: none
// `x :: TYPE`, the type predicate without IS, as Neo4j 5 accepts it: the same as
// `x IS :: TYPE`; `n:Label` stays a label test.
UNWIND [42, true, 'abc', null] AS val RETURN val, val :: INTEGER AS isInteger, val IS :: INTEGER AS same;
UNWIND [4.2, [1, 2], {a: 1}] AS val RETURN valueType(val) AS type, val :: FLOAT | LIST<ANY> AS floatOrList;
UNWIND [1, null] AS val RETURN val, val :: INTEGER NOT NULL AS notNull;
UNWIND [[1, 2], [1, 'a']] AS val RETURN val, val::LIST<INTEGER> AS ints;
CREATE (:Person {age: 30}), (:Person {age: '30'});
MATCH (p:Person) WHERE p.age :: INTEGER RETURN p.age;
MATCH (p) WHERE p:Person AND NOT p.age :: STRING RETURN count(p) AS n;
RETURN 1 :: INTEGER AND 'a' :: STRING AS both;
// errors
RETURN 1 :: NOSUCH;
RETURN 1 : : INTEGER;
