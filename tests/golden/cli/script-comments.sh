# Statements end at ';' but not at one inside a string or a comment.
$KGQ --empty --format csv run - <<'CYPHER'
// a comment; with a semicolon
RETURN 'a;b' AS s; /* a block comment;
spanning lines; */ RETURN "c;d" AS t;
RETURN 1 AS one // trailing comment without a semicolon
CYPHER
