// cypher-shell style commands between statements.
:param who => 'Tom Cruise'
:param {limit: 2, label: 'x'}
:params
MATCH (p:Person {name: $who})-[:receives_flag_from]->(q)
RETURN q.name AS from ORDER BY from LIMIT $limit;
:format vertical
MATCH (p:Person {name: $who}) RETURN p.name AS name, p.aliases AS aliases;
:format csv
RETURN 1 AS n;
RETURN 2 AS n;
RETURN 3 AS other;
:output script-commands.tmp
RETURN 'to the file' AS where;
:output
RETURN 'back on stdout' AS where;
:source script-commands-inner.cypher
:format json
EXPLAIN MATCH (p:Person {name: $who}) RETURN p.name;
RETURN $label AS label;
