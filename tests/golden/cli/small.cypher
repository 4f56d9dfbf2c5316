// A small graph for the CLI golden tests: two reports disagree on who handed
// Tom Cruise the flag.
CREATE (h:Person {name: 'Anne Hidalgo', aliases: ['Hidalgo']}),
       (b:Person {name: 'Karen Bass'}),
       (c:Person {name: 'Tom Cruise', born: 1962}),
       (s:Person {name: 'Simone Biles'}),
       (p:City {name: 'Paris'}),
       (h)-[:hands_to {sources: ['r1', 'r2']}]->(b),
       (c)-[:receives_flag_from {sources: ['r1', 'r3']}]->(s),
       (c)-[:receives_flag_from {sources: ['r2', 'r4']}]->(b),
       (h)-[:mayor_of {sources: ['r1']}]->(p);
