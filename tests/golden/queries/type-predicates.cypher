// fixture: social
// IS [NOT] :: TYPE with the GQL type names, nullability, lists, unions and synonyms, as
// Neo4j's Cypher manual ("Type predicate expressions") describes them.
UNWIND [42, true, 'abc', null] AS val RETURN val, val IS :: INTEGER AS isInteger;
UNWIND [4.2, [1, 2], {a: 1}, date('2024-01-01')] AS val RETURN valueType(val) AS type, val IS :: INTEGER AS isInteger, val IS :: FLOAT | LIST<ANY> AS floatOrList;
UNWIND [42, true, 'abc', null] AS val RETURN val, val IS NOT :: STRING AS notString ORDER BY toString(val);
RETURN null IS :: BOOLEAN AS a, null IS :: BOOLEAN NOT NULL AS b, null IS :: NULL AS c, 1 IS :: NULL AS d, null IS :: NOTHING AS e, 1 IS :: ANY AS f;
RETURN [1, 2] IS :: LIST<INTEGER> AS a, [1, 'x'] IS :: LIST<INTEGER> AS b, [1, null] IS :: LIST<INTEGER> AS c, [1, null] IS :: LIST<INTEGER NOT NULL> AS d, [] IS :: LIST<NOTHING> AS e, [[1]] IS :: LIST<LIST<INTEGER>> AS f;
RETURN 1 IS :: INTEGER | STRING AS a, 'x' IS :: ANY<INTEGER | STRING> AS b, 1.5 IS :: INTEGER | STRING AS c, [1, 'x'] IS :: LIST<INTEGER | STRING> AS d;
RETURN 1 IS :: INT AS a, 1 IS TYPED INT64 AS b, 1.0 IS :: FLOAT64 AS c, true IS :: BOOL AS d, 'x' IS :: VARCHAR AS e, {a: 1} IS :: MAP AS f;
RETURN date() IS :: DATE AS a, localtime() IS :: LOCAL TIME AS b, time() IS :: ZONED TIME AS c, localdatetime() IS :: LOCAL DATETIME AS d, datetime() IS :: ZONED DATETIME AS e, duration('P1D') IS :: DURATION AS f, localtime() IS :: TIME WITHOUT TIME ZONE AS g;
MATCH p = (a:Person {name: 'Alice'})-[r:KNOWS]->(b) RETURN a IS :: NODE AS n, r IS :: RELATIONSHIP AS r, p IS :: PATH AS p, a IS :: ANY NODE AS n2, r IS :: EDGE AS r2, a IS :: MAP AS m;
RETURN 1 IS :: PROPERTY VALUE AS a, [1, 2] IS :: PROPERTY VALUE AS b, [1, 'x'] IS :: PROPERTY VALUE AS c, {a: 1} IS :: PROPERTY VALUE AS d;
MATCH (n:Person) WHERE n.age IS :: INTEGER NOT NULL RETURN n.name;
MATCH (n:Person) WHERE n.age IS NOT :: INTEGER NOT NULL RETURN n.name;
RETURN 1 IS :: INTEGER AND 'x' IS :: STRING AS both, NOT 1 IS :: STRING AS neg;
EXPLAIN MATCH (n:Person) WHERE n.age IS :: INTEGER | FLOAT NOT NULL RETURN n;
// errors
RETURN 1 IS :: INTEGRAL;
RETURN 1 IS :: LIST;
RETURN 1 IS :: STRING<INTEGER>;
RETURN 1 IS TYPE INTEGER;
