# Without --format, output that is not a terminal is TSV with a header row.
$KGQ --empty -c "UNWIND [1, 2] AS x RETURN x, x * 10 AS y"
