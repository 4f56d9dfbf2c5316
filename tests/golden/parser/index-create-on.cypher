CREATE INDEX ON :Person(age);
