# --format vertical: one `column: value` line per column, a `-[ row N ]` line before
# each row, values shown as in tables but never cut.
$KGQ --format vertical -c "MATCH (p:Person) WHERE p.name IN ['Tom Cruise', 'Anne Hidalgo'] RETURN p.name AS name, p AS person, size(p.aliases) AS n ORDER BY name"
$KGQ --empty --format vertical -c "RETURN 'a\tb' AS tabbed, null AS nothing, [1, 2] AS list"
