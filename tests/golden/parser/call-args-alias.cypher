CALL test.my.proc('Stefan', 1) YIELD city AS c, country_code
