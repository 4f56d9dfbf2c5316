# Several -c queries run in order in one session.
$KGQ --empty --format csv -c "CREATE (:A {x: 1}), (:A {x: 2})" -c "MATCH (a:A) RETURN a.x ORDER BY a.x"
