# --timing writes "timing: load MS ms" and "timing: statement K MS ms" on stderr.
$KGQ --empty --timing -c 'RETURN 1 AS x' -c 'RETURN 2 AS y' 2>&1 >/dev/null | sed -E 's/ [0-9]+(\.[0-9]+)? ms$/ MS ms/'
