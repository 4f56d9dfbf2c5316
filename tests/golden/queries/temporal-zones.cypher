// fixture: none
// Named zones: a wall-clock time in the spring-forward gap moves forward by the gap;
// adding a duration's time part moves the instant, its days and months the wall clock.
RETURN datetime('2020-03-29T02:30[Europe/Paris]') AS gap, datetime('2020-10-25T02:30[Europe/Paris]') AS overlap;
RETURN datetime('2020-03-29T01:30[Europe/Paris]') + duration('PT1H') AS hour_later, datetime('2020-03-28T02:30[Europe/Paris]') + duration('P1D') AS day_later;
RETURN datetime('2020-10-25T02:30+02:00[Europe/Paris]') + duration('PT1H') AS fall_back, datetime('2020-10-25T02:30+02:00[Europe/Paris]') - duration('PT24H') AS day_before;
RETURN duration.inSeconds(datetime('2020-03-29T00:00[Europe/Paris]'), date('2020-03-30')) AS short_day;
CREATE (:Event {at: datetime('2020-03-29T01:30[Europe/Paris]'), length: duration('PT90M')});
MATCH (e:Event) RETURN e.at + e.length AS ends, (e.at + e.length).offset AS offset;
RETURN datetime('2015-07-21T21:40:32.142+01:00[Eur99ope/London]');
RETURN datetime({year: 2020, timezone: 'CET-1CEST'});
RETURN datetime({year: 2020, month: 7, timezone: 'EST5EDT'}) AS named_rule, datetime({year: 2020, timezone: 'Etc/GMT+5'}) AS etc;
RETURN duration({seconds: -9223372036854775808}) AS lowest;
RETURN datetime('2015-07-21T21:40:32.142Z[Europe/London]') AS moved, datetime('2017-10-29T02:30+01:00[Europe/Stockholm]') AS second_pass, datetime('2017-10-29T02:30+02:00[Europe/Stockholm]') AS first_pass;
RETURN datetime('2015-07-21T21:40:32.142-18:01');
