CALL test.my.proc(1) YIELD * RETURN city
