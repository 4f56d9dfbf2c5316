// fixture: social
// Constant expressions are evaluated once per statement, at their first evaluation. An
// error one raises still comes out at run time, at its span, and only when it is reached.
UNWIND [] AS x RETURN 1 / 0;
UNWIND [1, 2] AS x RETURN x, CASE WHEN false THEN 1 / 0 ELSE 'not divided' END AS c;
MATCH (n:Nobody) WHERE n.x = 1 / 0 RETURN n;
// A condition that reads no variable is a filter of its own, checked on the first row.
MATCH (p:Person) WHERE p.age > 1000 AND 1 / 0 > 0 RETURN p.name;
UNWIND [1, 2] AS x RETURN x, 10 / 0;
UNWIND [1, 2] AS x RETURN x, toInteger('4') * 2 + x AS y;
// A folded constant on one side of a property comparison, and inside a function of a property.
MATCH (p:Person) WHERE p.name = toUpper('a') + 'lice' RETURN p.name;
MATCH (p:Person) WHERE toLower(p.name) = toLower('BOB') RETURN p.name;
// Parameters are constants of the statement too.
MATCH (p:Person) WHERE p.name = $name RETURN toUpper($name) + '!' AS shout, p.age;
// Random values are never folded: each row draws its own.
UNWIND range(1, 50) AS x WITH DISTINCT rand() AS r RETURN count(*) > 1 AS many;
UNWIND range(1, 50) AS x WITH DISTINCT randomUUID() AS u RETURN count(*) AS n;
// The clock functions come from the same table row as everything else about a function.
UNWIND [1, 2] AS x RETURN x, datetime.realtime() > datetime('2020-01-01T00:00Z') AS now;
// No random value in an aggregate's argument, whichever random function it is.
RETURN count(rand());
RETURN count(randomUUID());
