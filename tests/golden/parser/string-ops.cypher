RETURN a STARTS WITH 'x', b ENDS WITH 'y', c CONTAINS 'z', d =~ 'r.*', e IN [1, 2]
