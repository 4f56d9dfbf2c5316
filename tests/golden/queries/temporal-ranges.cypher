// fixture: none
// Long durations keep their seconds exact; values beyond what kgq holds are errors, not garbage.
RETURN duration({hours: 3000000}) AS hours, duration({seconds: 10000000000}) AS seconds, duration({milliseconds: -1500, microseconds: 2500001, nanoseconds: -7}) AS mixed;
RETURN localdatetime('2000-01-01T00:00') + duration('PT3000000H') AS later, date('2000-01-01') + duration({days: 1, seconds: 86399.5}) AS day;
RETURN duration('PT1S') * (1.0 / 0.0);
RETURN duration({years: 1e300});
RETURN duration('P9223372036854775807Y');
RETURN date('2000-01-01') + duration({seconds: 9223372036854775807});
RETURN datetime({epochSeconds: 9223372036854775807});
RETURN duration.between(date('1000-01-01'), datetime('2500-06-01T12:00:00.5Z')) AS between, duration.inSeconds(date('1000-01-01'), date('2000-01-01')) AS seconds;
RETURN datetime('2015-07-21T21:40:32.142+0100') - duration({months: -119999999});
UNWIND [localtime('10:00'), datetime('2020-01-01T00:00Z'), duration('P1D')] AS t RETURN t;
