MATCH (a) WITH a, count(*) RETURN a
