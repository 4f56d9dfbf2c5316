RETURN my.ns.func(1, 2), toUpper('a'), rand()
