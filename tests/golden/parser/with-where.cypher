MATCH (a) WITH a, count(*) AS c WHERE c > 1 RETURN a ORDER BY c DESC
