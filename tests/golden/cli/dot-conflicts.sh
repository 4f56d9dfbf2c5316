# On the bundled corpus, kgq dot draws the two conflicting accounts of who handed Tom
# Cruise the flag as conflicts (red, dashed), and other relationships plainly.
$KGQ dot "MATCH (c:Person {name: 'Tom Cruise'})-[r:receives_flag_from|hands_to]->(g) RETURN c, r, g" >"$TMPDIR/c.dot"
echo "exit=$?"
grep -c 'label="conflict: receives_flag_from' "$TMPDIR/c.dot"
grep 'label="hands_to' "$TMPDIR/c.dot" | grep -qv dashed && echo "hands_to drawn plainly"
grep 'conflict: receives_flag_from' "$TMPDIR/c.dot" | grep -c 'style="dashed"'
dot -Tsvg "$TMPDIR/c.dot" >/dev/null && echo "graphviz accepts it"
