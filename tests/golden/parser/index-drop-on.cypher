DROP INDEX ON :Person(age)
