// fixture: social
// Neo4j 5's functions, with the results its Cypher manual gives for its examples, and
// their null and type-error cases.
UNWIND ['abc', 1, 2.0, true, [date('2024-01-02')], null, {a: 1}, [], [1, null], [1, 'a'], [[1], [2.0]], [null]] AS value RETURN valueType(value) AS type;
RETURN valueType(localtime('12:00')) AS lt, valueType(time('12:00+01:00')) AS t, valueType(localdatetime('2024-01-02T12:00')) AS ldt, valueType(datetime('2024-01-02T12:00Z')) AS dt, valueType(duration('P1D')) AS d;
MATCH p = (a:Person {name: 'Alice'})-[r:KNOWS]->() RETURN valueType(a) AS node, valueType(r) AS rel, valueType(p) AS path;
RETURN nullIf(4, 4) AS same, nullIf('abc', 'def') AS differ, nullIf(1, 1.0) AS numbers, nullIf(null, 1) AS null_first, nullIf(1, null) AS null_second, nullIf([1, null], [1, null]) AS null_inside;
WITH ['', 'Alice', 'Bob'] AS names UNWIND names AS n RETURN coalesce(nullIf(n, ''), 'unnamed') AS name;
RETURN btrim('   hello    ') AS a, btrim('xxyyhelloxyxy', 'x') AS b, btrim('xxhelloxx', 'x') AS c, ltrim('xxhelloxx', 'x') AS d, rtrim('xxhelloxx', 'x') AS e, ltrim('  hello') AS f;
RETURN btrim(null) AS a, btrim(null, null) AS b, btrim('hello', null) AS c, btrim(null, ' ') AS d, ltrim('hello', null) AS e;
RETURN btrim('hello', 'ab');
RETURN ltrim('hello', '');
RETURN rtrim('hello', 1);
RETURN btrim(1, 'x');
RETURN normalize('\u212B') = '\u00C5' AS nfc, normalize('\u00C5', NFD) = 'A\u030A' AS nfd, normalize('\uFE64', NFKC) AS nfkc, size(normalize('\u00BD', NFKD)) AS nfkd, normalize('abc', nfc) AS lower_case;
RETURN normalize(null) AS a, normalize(null, NFC) AS b;
WITH 'nfd' AS form RETURN normalize('abc', 'NFKD') AS a, normalize('\u00C5', form) = 'A\u030A' AS b;
RETURN normalize('abc', 'NFX');
RETURN normalize(1);
RETURN normalize('abc', NFX);
RETURN toStringList([1, 2.5, true, 'x', null, date('2024-01-02'), [1]]) AS strings;
RETURN toIntegerList(['1', 2.9, true, 'x', null, '3.7', [1]]) AS integers;
RETURN toFloatList(['1.5', 2, 'x', null, true]) AS floats;
RETURN toBooleanList(['true', 'False', 0, 1, 'x', null, 1.5]) AS booleans;
RETURN toStringList(null) AS a, toIntegerList([]) AS b;
RETURN toIntegerList('1');
WITH 'x' AS s RETURN toFloatList(s);
RETURN toIntegerOrNull('42') AS a, toIntegerOrNull('no') AS b, toIntegerOrNull([1]) AS c, toFloatOrNull(date('2024-01-02')) AS d, toBooleanOrNull(1.0) AS e, toStringOrNull({a: 1}) AS f, toStringOrNull(12) AS g;
RETURN toInteger([1]);
RETURN isEmpty([]) AS l, isEmpty({}) AS m, isEmpty('') AS s, isEmpty('a') AS s2, isEmpty(null) AS n;
RETURN char_length('héllo') AS a, character_length('') AS b, char_length(null) AS c;
RETURN char_length(1);
MATCH (a:Person {name: 'Alice'})-[r:LIVES_IN]->(c) RETURN elementId(a) STARTS WITH 'n:' AS node, elementId(r) STARTS WITH 'r:' AS rel, db.nameFromElementId(elementId(a)) AS db;
RETURN db.nameFromElementId('not an id') AS a, db.nameFromElementId(null) AS b;
RETURN lower('ABC') AS a, upper('abc') AS b, lower(null) AS c;
RETURN split('one,two;three', [',', ';']) AS a, split('a--b-c', ['-', '--']) AS b, split('abc', ['']) AS c, split('a,b', [',', null]) AS d;
RETURN split('a,b', [',', 1]);
RETURN sinh(0.7) AS sinh, cosh(0.7) AS cosh, tanh(0.7) AS tanh, coth(0.7) AS coth, sinh(null) AS n;
RETURN toInteger('42') AS a, toInteger('-7') AS b, toInteger('+5') AS c, toInteger(' 12 ') AS d, toInteger('123456789012345678') AS e, toInteger('1234567890123456789') AS f, toInteger('9223372036854775807') AS g, toInteger('9223372036854775808') AS h, toInteger('-9223372036854775808') AS i, toInteger('') AS j, toInteger('-') AS k, toInteger('1.9') AS l, toInteger('12a') AS m, toInteger('007') AS n, toInteger('-0') AS o;
