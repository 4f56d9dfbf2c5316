CALL test.doNothing
