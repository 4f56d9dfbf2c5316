# A query over a limit stops with exit 5.
$KGQ --empty --max-rows 3 -c 'UNWIND range(1, 10) AS x RETURN x'
echo "exit=$?"
$KGQ --empty --timeout 20ms -c 'UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b WITH a, b WHERE a + b < 0 RETURN count(*)'
echo "exit=$?"
$KGQ --empty --max-memory 64K -c 'UNWIND range(1, 100000) AS x WITH x ORDER BY x DESC RETURN count(*)'
echo "exit=$?"
$KGQ --empty --timeout 2x -c 'RETURN 1'
echo "exit=$?"
