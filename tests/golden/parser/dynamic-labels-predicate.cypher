MATCH (a) WHERE (a:$($l))-->(:$( "B" )) RETURN a:$any($ls) AS x
