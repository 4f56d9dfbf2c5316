RETURN 'first' AS step;
RETURN 1 / 0 AS boom;
RETURN 'third' AS step;
MATCH (n) RETURN m;
RETURN 'fifth' AS step;
