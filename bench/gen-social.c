/* gen-social.c — writes the benchmark's social network as neo4j-admin CSV files.
 *
 * Generates the schema and distributions of the public kuzudb-study social
 * network (persons, the cities, states and countries they live in, their
 * interests, and who follows whom), deterministically from a seed, into one
 * output folder.  Every random choice comes from a private xoshiro256**
 * generator, one independent stream per part of the data, so the same seed
 * and person count always give byte-identical files on any machine.
 *
 * It does not load anything, talk to kgq or Kùzu, or read any input: the
 * million-plus cities are an embedded table written for this project, the
 * other ~7 000 cities get generated names ("City 0001"), and person names
 * come from small embedded name lists.  See bench/README.md for the format.
 */

#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Random numbers ------------------------------------------------------ */

/* xoshiro256** (Blackman and Vigna), seeded with splitmix64. */
typedef struct
{
  guint64 s[4];
} Rng;

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static void
rng_init (Rng *r, guint64 seed, guint64 stream)
{
  guint64 x = seed * 0x2545f4914f6cdd1dULL ^ (stream + 1) * 0x9e3779b97f4a7c15ULL;

  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (Rng *r)
{
  guint64 *s = r->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Uniform in [0, n), n > 0; Lemire's multiply-shift with rejection. */
static inline guint64
rng_below (Rng *r, guint64 n)
{
  unsigned __int128 m = (unsigned __int128) rng_next (r) * n;
  guint64 low = (guint64) m;

  if (low < n)
    {
      guint64 threshold = -n % n;
      while (low < threshold)
        {
          m = (unsigned __int128) rng_next (r) * n;
          low = (guint64) m;
        }
    }
  return (guint64) (m >> 64);
}

/* Streams: one per part of the data, so each part is stable on its own. */
enum
{
  STREAM_PERSONS = 1,
  STREAM_CITIES,
  STREAM_FOLLOWS,
  STREAM_SUPER,
  STREAM_LIVES_IN,
  STREAM_INTERESTS,
};

/* --- Embedded tables ------------------------------------------------------ */

static const char *const country_names[] = { "Canada", "United Kingdom", "United States" };
enum
{
  CA,
  UK,
  US,
  N_COUNTRIES
};

typedef struct
{
  const char *name;
  int country;
} StateDef;

/* US states plus the District of Columbia, Canadian provinces and
 * territories, and the four nations of the United Kingdom. */
static const StateDef state_defs[] = {
  { "Alberta", CA },
  { "British Columbia", CA },
  { "Manitoba", CA },
  { "New Brunswick", CA },
  { "Newfoundland and Labrador", CA },
  { "Northwest Territories", CA },
  { "Nova Scotia", CA },
  { "Nunavut", CA },
  { "Ontario", CA },
  { "Prince Edward Island", CA },
  { "Quebec", CA },
  { "Saskatchewan", CA },
  { "Yukon", CA },

  { "England", UK },
  { "Northern Ireland", UK },
  { "Scotland", UK },
  { "Wales", UK },

  { "Alabama", US },
  { "Alaska", US },
  { "Arizona", US },
  { "Arkansas", US },
  { "California", US },
  { "Colorado", US },
  { "Connecticut", US },
  { "Delaware", US },
  { "District of Columbia", US },
  { "Florida", US },
  { "Georgia", US },
  { "Hawaii", US },
  { "Idaho", US },
  { "Illinois", US },
  { "Indiana", US },
  { "Iowa", US },
  { "Kansas", US },
  { "Kentucky", US },
  { "Louisiana", US },
  { "Maine", US },
  { "Maryland", US },
  { "Massachusetts", US },
  { "Michigan", US },
  { "Minnesota", US },
  { "Mississippi", US },
  { "Missouri", US },
  { "Montana", US },
  { "Nebraska", US },
  { "Nevada", US },
  { "New Hampshire", US },
  { "New Jersey", US },
  { "New Mexico", US },
  { "New York", US },
  { "North Carolina", US },
  { "North Dakota", US },
  { "Ohio", US },
  { "Oklahoma", US },
  { "Oregon", US },
  { "Pennsylvania", US },
  { "Rhode Island", US },
  { "South Carolina", US },
  { "South Dakota", US },
  { "Tennessee", US },
  { "Texas", US },
  { "Utah", US },
  { "Vermont", US },
  { "Virginia", US },
  { "Washington", US },
  { "West Virginia", US },
  { "Wisconsin", US },
  { "Wyoming", US },
};
#define N_STATES G_N_ELEMENTS (state_defs)

typedef struct
{
  const char *name;
  const char *state;
  double lat, lon;
  gint64 population; /* metropolitan area, rounded */
} BigCity;

/* Cities of the US, the UK and Canada whose metropolitan population is a
 * million or more (rounded figures, compiled for this benchmark). */
static const BigCity big_cities[] = {
  /* Canada */
  { "Calgary", "Alberta", 51.05, -114.07, 1610000 },
  { "Edmonton", "Alberta", 53.55, -113.49, 1520000 },
  { "Vancouver", "British Columbia", 49.28, -123.12, 2760000 },
  { "Ottawa", "Ontario", 45.42, -75.70, 1490000 },
  { "Toronto", "Ontario", 43.65, -79.38, 6710000 },
  { "Montreal", "Quebec", 45.50, -73.57, 4400000 },
  /* United Kingdom */
  { "Birmingham", "England", 52.48, -1.90, 2920000 },
  { "Leeds", "England", 53.80, -1.55, 1890000 },
  { "Liverpool", "England", 53.41, -2.98, 1400000 },
  { "London", "England", 51.51, -0.13, 11260000 },
  { "Manchester", "England", 53.48, -2.24, 2870000 },
  { "Newcastle upon Tyne", "England", 54.98, -1.61, 1120000 },
  { "Glasgow", "Scotland", 55.86, -4.25, 1690000 },
  /* United States */
  { "Phoenix", "Arizona", 33.45, -112.07, 4950000 },
  { "Tucson", "Arizona", 32.22, -110.97, 1060000 },
  { "Los Angeles", "California", 34.05, -118.24, 12800000 },
  { "Riverside", "California", 33.95, -117.40, 4650000 },
  { "Sacramento", "California", 38.58, -121.49, 2420000 },
  { "San Diego", "California", 32.72, -117.16, 3280000 },
  { "San Francisco", "California", 37.77, -122.42, 4570000 },
  { "San Jose", "California", 37.34, -121.89, 1940000 },
  { "Denver", "Colorado", 39.74, -104.99, 2990000 },
  { "Hartford", "Connecticut", 41.76, -72.69, 1150000 },
  { "Washington", "District of Columbia", 38.91, -77.04, 6300000 },
  { "Jacksonville", "Florida", 30.33, -81.66, 1680000 },
  { "Miami", "Florida", 25.76, -80.19, 6140000 },
  { "Orlando", "Florida", 28.54, -81.38, 2760000 },
  { "Tampa", "Florida", 27.95, -82.46, 3290000 },
  { "Atlanta", "Georgia", 33.75, -84.39, 6220000 },
  { "Honolulu", "Hawaii", 21.31, -157.86, 1000000 },
  { "Chicago", "Illinois", 41.88, -87.63, 9260000 },
  { "Indianapolis", "Indiana", 39.77, -86.16, 2140000 },
  { "Louisville", "Kentucky", 38.25, -85.76, 1360000 },
  { "New Orleans", "Louisiana", 29.95, -90.07, 1250000 },
  { "Baltimore", "Maryland", 39.29, -76.61, 2840000 },
  { "Boston", "Massachusetts", 42.36, -71.06, 4900000 },
  { "Detroit", "Michigan", 42.33, -83.05, 4340000 },
  { "Minneapolis", "Minnesota", 44.98, -93.27, 3690000 },
  { "Kansas City", "Missouri", 39.10, -94.58, 2220000 },
  { "St. Louis", "Missouri", 38.63, -90.20, 2800000 },
  { "Las Vegas", "Nevada", 36.17, -115.14, 2320000 },
  { "Buffalo", "New York", 42.89, -78.88, 1160000 },
  { "New York", "New York", 40.71, -74.01, 19500000 },
  { "Rochester", "New York", 43.16, -77.61, 1060000 },
  { "Charlotte", "North Carolina", 35.23, -80.84, 2800000 },
  { "Raleigh", "North Carolina", 35.78, -78.64, 1490000 },
  { "Cincinnati", "Ohio", 39.10, -84.51, 2260000 },
  { "Cleveland", "Ohio", 41.50, -81.69, 2080000 },
  { "Columbus", "Ohio", 39.96, -83.00, 2160000 },
  { "Oklahoma City", "Oklahoma", 35.47, -97.52, 1440000 },
  { "Portland", "Oregon", 45.52, -122.68, 2510000 },
  { "Philadelphia", "Pennsylvania", 39.95, -75.17, 6240000 },
  { "Pittsburgh", "Pennsylvania", 40.44, -79.99, 2370000 },
  { "Providence", "Rhode Island", 41.82, -71.41, 1680000 },
  { "Memphis", "Tennessee", 35.15, -90.05, 1340000 },
  { "Nashville", "Tennessee", 36.16, -86.78, 2010000 },
  { "Austin", "Texas", 30.27, -97.74, 2420000 },
  { "Dallas", "Texas", 32.78, -96.80, 7940000 },
  { "Houston", "Texas", 29.76, -95.37, 7340000 },
  { "San Antonio", "Texas", 29.42, -98.49, 2650000 },
  { "Salt Lake City", "Utah", 40.76, -111.89, 1260000 },
  { "Richmond", "Virginia", 37.54, -77.44, 1340000 },
  { "Virginia Beach", "Virginia", 36.85, -75.98, 1800000 },
  { "Seattle", "Washington", 47.61, -122.33, 4040000 },
  { "Milwaukee", "Wisconsin", 43.04, -87.91, 1570000 },
};
#define N_BIG_CITIES G_N_ELEMENTS (big_cities)

/* The study has 7 117 cities in these three countries; the smaller ones
 * here are generated, spread over the countries in these shares. */
#define N_CITIES_TOTAL 7117
static const double small_city_share[N_COUNTRIES] = { 0.10, 0.20, 0.70 };
static const struct
{
  double lat0, lat1, lon0, lon1;
} country_box[N_COUNTRIES] = {
  { 42.0, 60.0, -130.0, -60.0 },
  { 50.0, 58.5, -6.0, 1.5 },
  { 25.0, 48.5, -124.0, -68.0 },
};

static const char *const interest_names[] = {
  "Anime",
  "Art & Painting",
  "Astronomy",
  "Baking",
  "Basketball",
  "Birdwatching",
  "Board Games",
  "Camping",
  "Chess",
  "Cooking",
  "Cycling",
  "Dancing",
  "Fashion",
  "Fine Dining",
  "Fishing",
  "Gardening",
  "Golf",
  "Hiking",
  "History",
  "Investing",
  "Jazz",
  "Knitting",
  "Martial Arts",
  "Meditation",
  "Movies",
  "Photography",
  "Podcasts",
  "Poetry",
  "Pottery",
  "Reading",
  "Rock Climbing",
  "Running",
  "Sailing",
  "Skiing",
  "Soccer",
  "Swimming",
  "Tennis",
  "Theatre",
  "Travel",
  "Video Games",
  "Volunteering",
  "Wine Tasting",
  "Yoga",
};
#define N_INTERESTS G_N_ELEMENTS (interest_names)

static const char *const female_first[] = {
  "Abigail",
  "Alice",
  "Amanda",
  "Amy",
  "Angela",
  "Anna",
  "Ashley",
  "Barbara",
  "Brenda",
  "Carol",
  "Catherine",
  "Charlotte",
  "Chloe",
  "Christine",
  "Claire",
  "Deborah",
  "Diana",
  "Donna",
  "Elizabeth",
  "Emily",
  "Emma",
  "Evelyn",
  "Fiona",
  "Grace",
  "Hannah",
  "Heather",
  "Helen",
  "Isabel",
  "Jennifer",
  "Jessica",
  "Joanna",
  "Julia",
  "Karen",
  "Kate",
  "Laura",
  "Linda",
  "Lisa",
  "Lucy",
  "Margaret",
  "Maria",
  "Megan",
  "Melissa",
  "Michelle",
  "Nancy",
  "Natalie",
  "Nicole",
  "Olivia",
  "Patricia",
  "Rachel",
  "Rebecca",
  "Ruth",
  "Samantha",
  "Sandra",
  "Sarah",
  "Sophie",
  "Stephanie",
  "Susan",
  "Teresa",
  "Victoria",
  "Zoe",
};
static const char *const male_first[] = {
  "Aaron",
  "Adam",
  "Alan",
  "Andrew",
  "Anthony",
  "Benjamin",
  "Brian",
  "Charles",
  "Christopher",
  "Daniel",
  "David",
  "Dennis",
  "Donald",
  "Edward",
  "Eric",
  "Frank",
  "Gary",
  "George",
  "Gregory",
  "Harry",
  "Henry",
  "Ian",
  "Jack",
  "James",
  "Jason",
  "Jeffrey",
  "John",
  "Jonathan",
  "Joseph",
  "Joshua",
  "Kenneth",
  "Kevin",
  "Larry",
  "Liam",
  "Mark",
  "Matthew",
  "Michael",
  "Nathan",
  "Nicholas",
  "Oliver",
  "Patrick",
  "Paul",
  "Peter",
  "Raymond",
  "Richard",
  "Robert",
  "Ryan",
  "Samuel",
  "Scott",
  "Sean",
  "Stephen",
  "Steven",
  "Thomas",
  "Timothy",
  "Tyler",
  "Victor",
  "Walter",
  "William",
  "Zachary",
  "Owen",
};
static const char *const last_names[] = {
  "Adams",
  "Allen",
  "Anderson",
  "Bailey",
  "Baker",
  "Bell",
  "Bennett",
  "Brooks",
  "Brown",
  "Campbell",
  "Carter",
  "Chen",
  "Clark",
  "Collins",
  "Cook",
  "Cooper",
  "Cox",
  "Davies",
  "Davis",
  "Diaz",
  "Edwards",
  "Evans",
  "Fisher",
  "Flores",
  "Foster",
  "Garcia",
  "Gomez",
  "Gonzalez",
  "Gray",
  "Green",
  "Hall",
  "Harris",
  "Hill",
  "Hughes",
  "Jackson",
  "James",
  "Johnson",
  "Jones",
  "Kelly",
  "Kim",
  "King",
  "Lee",
  "Lewis",
  "Lopez",
  "Martin",
  "Martinez",
  "Miller",
  "Mitchell",
  "Moore",
  "Morgan",
  "Morris",
  "Murphy",
  "Nelson",
  "Nguyen",
  "Parker",
  "Patel",
  "Perez",
  "Phillips",
  "Price",
  "Reed",
  "Roberts",
  "Robinson",
  "Rodriguez",
  "Rogers",
  "Ross",
  "Sanchez",
  "Scott",
  "Singh",
  "Smith",
  "Stewart",
  "Taylor",
  "Thomas",
  "Thompson",
  "Tremblay",
  "Turner",
  "Walker",
  "Ward",
  "Watson",
  "White",
  "Williams",
  "Wilson",
  "Wood",
  "Wright",
  "Young",
};

/* --- Dates --------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (int y, int m, int d)
{
  y -= m <= 2;
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 z, int *y, int *m, int *d)
{
  z += 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* --- Output --------------------------------------------------------------- */

typedef struct
{
  FILE *f;
  char *path;
} Out;

static gboolean
out_open (Out *o, const char *dir, const char *name, const char *header, GError **error)
{
  o->path = g_build_filename (dir, name, NULL);
  o->f = fopen (o->path, "w");
  if (o->f == NULL)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", o->path, g_strerror (e));
      return FALSE;
    }
  setvbuf (o->f, NULL, _IOFBF, 1 << 20);
  fputs (header, o->f);
  fputc ('\n', o->f);
  return TRUE;
}

static gboolean
out_close (Out *o, GError **error)
{
  gboolean ok = !ferror (o->f);

  if (fclose (o->f) != 0)
    ok = FALSE;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: write failed", o->path);
  g_free (o->path);
  return ok;
}

/* Appends the decimal form of v; fprintf is the bottleneck for 24 M rows. */
static inline char *
put_u64 (char *p, guint64 v)
{
  char tmp[24];
  int n = 0;

  do
    tmp[n++] = '0' + v % 10;
  while ((v /= 10) != 0);
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

static inline void
put_pair (FILE *f, guint64 a, guint64 b)
{
  char buf[48];
  char *p = put_u64 (buf, a);

  *p++ = ',';
  p = put_u64 (p, b);
  *p++ = '\n';
  fwrite (buf, 1, p - buf, f);
}

/* Writes s as one CSV field, quoted only when it has to be (RFC 4180). */
static void
put_field (FILE *f, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  for (; *s; s++)
    {
      if (*s == '"')
        fputc ('"', f);
      fputc (*s, f);
    }
  fputc ('"', f);
}

/* --- Sorting --------------------------------------------------------------- */

/* LSD radix sort of 64-bit keys, 16 bits a pass, skipping passes whose
 * digit is constant. */
static void
radix_sort_u64 (guint64 *a, gsize n)
{
  guint64 *tmp = g_new (guint64, n);
  gsize *count = g_new (gsize, 1 << 16);

  for (int shift = 0; shift < 64; shift += 16)
    {
      memset (count, 0, sizeof (gsize) << 16);
      for (gsize i = 0; i < n; i++)
        count[(a[i] >> shift) & 0xffff]++;
      if (n > 0 && count[(a[0] >> shift) & 0xffff] == n)
        continue;
      gsize sum = 0;
      for (gsize d = 0; d < (1 << 16); d++)
        {
          gsize c = count[d];
          count[d] = sum;
          sum += c;
        }
      for (gsize i = 0; i < n; i++)
        tmp[count[(a[i] >> shift) & 0xffff]++] = a[i];
      memcpy (a, tmp, n * sizeof (guint64));
    }
  g_free (count);
  g_free (tmp);
}

/* --- Generation ------------------------------------------------------------ */

typedef struct
{
  const char *name;
  int state;
  double lat, lon;
  gint64 population;
  gboolean big;
} City;

static int
find_state (const char *name)
{
  for (guint i = 0; i < N_STATES; i++)
    if (strcmp (state_defs[i].name, name) == 0)
      return i;
  g_error ("unknown state %s", name);
}

static int
cmp_state (const void *a, const void *b)
{
  const StateDef *x = a, *y = b;
  if (x->country != y->country)
    return x->country - y->country;
  return strcmp (x->name, y->name);
}

static int
cmp_city (const void *a, const void *b)
{
  const City *x = a, *y = b;
  const StateDef *sx = &state_defs[x->state], *sy = &state_defs[y->state];
  int c;

  if (sx->country != sy->country)
    return sx->country - sy->country;
  if ((c = strcmp (sx->name, sy->name)) != 0)
    return c;
  return strcmp (x->name, y->name);
}

typedef struct
{
  guint64 seed;
  gint64 persons;
  gint64 super_base;
  const char *out_dir;
} Config;

static gboolean
write_places (const Config *cfg, City **cities_out, GError **error)
{
  Rng rng;
  City *cities = g_new0 (City, N_CITIES_TOTAL);
  guint n = 0;
  guint per_country_states[N_COUNTRIES] = { 0 };
  int states_of[N_COUNTRIES][N_STATES];
  Out o;

  /* State ids are positions after sorting by (country, state); the table is
   * already in that order, which the assertion keeps true. */
  for (guint i = 1; i < N_STATES; i++)
    g_assert (cmp_state (&state_defs[i - 1], &state_defs[i]) < 0);
  for (guint i = 0; i < N_STATES; i++)
    states_of[state_defs[i].country][per_country_states[state_defs[i].country]++] = i;

  for (guint i = 0; i < N_BIG_CITIES; i++, n++)
    cities[n] = (City){ big_cities[i].name, find_state (big_cities[i].state), big_cities[i].lat, big_cities[i].lon, big_cities[i].population, TRUE };

  rng_init (&rng, cfg->seed, STREAM_CITIES);
  guint n_small = N_CITIES_TOTAL - N_BIG_CITIES;
  guint small_index = 1;
  for (int c = 0; c < N_COUNTRIES; c++)
    {
      guint k = c == N_COUNTRIES - 1 ? N_CITIES_TOTAL - n : (guint) (n_small * small_city_share[c] + 0.5);
      for (guint j = 0; j < k; j++, n++)
        {
          City *ci = &cities[n];
          ci->name = g_strdup_printf ("City %04u", small_index++);
          ci->state = states_of[c][rng_below (&rng, per_country_states[c])];
          ci->lat = country_box[c].lat0 + (country_box[c].lat1 - country_box[c].lat0) * (rng_below (&rng, 1000000) / 1e6);
          ci->lon = country_box[c].lon0 + (country_box[c].lon1 - country_box[c].lon0) * (rng_below (&rng, 1000000) / 1e6);
          ci->population = 1000 + rng_below (&rng, 999000);
          ci->big = FALSE;
        }
    }
  g_assert (n == N_CITIES_TOTAL);
  qsort (cities, n, sizeof (City), cmp_city);

  if (!out_open (&o, cfg->out_dir, "countries.csv", "id:ID(Country){id-type:long},country", error))
    return FALSE;
  for (int c = 0; c < N_COUNTRIES; c++)
    fprintf (o.f, "%d,%s\n", c + 1, country_names[c]);
  if (!out_close (&o, error))
    return FALSE;

  if (!out_open (&o, cfg->out_dir, "states.csv", "id:ID(State){id-type:long},state,country", error))
    return FALSE;
  for (guint i = 0; i < N_STATES; i++)
    {
      fprintf (o.f, "%u,", i + 1);
      put_field (o.f, state_defs[i].name);
      fprintf (o.f, ",%s\n", country_names[state_defs[i].country]);
    }
  if (!out_close (&o, error))
    return FALSE;

  if (!out_open (&o, cfg->out_dir, "state_in.csv", ":START_ID(State),:END_ID(Country)", error))
    return FALSE;
  for (guint i = 0; i < N_STATES; i++)
    put_pair (o.f, i + 1, state_defs[i].country + 1);
  if (!out_close (&o, error))
    return FALSE;

  if (!out_open (&o, cfg->out_dir, "cities.csv", "id:ID(City){id-type:long},city,state,country,lat:float,lon:float,population:long", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const City *ci = &cities[i];
      fprintf (o.f, "%u,", i + 1);
      put_field (o.f, ci->name);
      fputc (',', o.f);
      put_field (o.f, state_defs[ci->state].name);
      fprintf (o.f, ",%s,%.4f,%.4f,%" G_GINT64_FORMAT "\n", country_names[state_defs[ci->state].country], ci->lat, ci->lon, ci->population);
    }
  if (!out_close (&o, error))
    return FALSE;

  if (!out_open (&o, cfg->out_dir, "city_in.csv", ":START_ID(City),:END_ID(State)", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    put_pair (o.f, i + 1, cities[i].state + 1);
  if (!out_close (&o, error))
    return FALSE;

  if (!out_open (&o, cfg->out_dir, "interests.csv", "id:ID(Interest){id-type:long},interest", error))
    return FALSE;
  for (guint i = 0; i < N_INTERESTS; i++)
    {
      fprintf (o.f, "%u,", i + 1);
      put_field (o.f, interest_names[i]);
      fputc ('\n', o.f);
    }
  if (!out_close (&o, error))
    return FALSE;

  *cities_out = cities;
  return TRUE;
}

static gboolean
write_persons (const Config *cfg, GError **error)
{
  Rng rng;
  gint64 n = cfg->persons;
  guint8 *female = g_new0 (guint8, n);
  gint64 first_day = days_from_civil (1970, 1, 1);
  gint64 last_day = days_from_civil (2000, 12, 31);
  Out o;

  rng_init (&rng, cfg->seed, STREAM_PERSONS);

  /* Exactly half male (rounded down), in a random order. */
  for (gint64 i = n / 2; i < n; i++)
    female[i] = 1;
  for (gint64 i = n - 1; i > 0; i--)
    {
      gint64 j = rng_below (&rng, i + 1);
      guint8 t = female[i];
      female[i] = female[j];
      female[j] = t;
    }

  if (!out_open (&o, cfg->out_dir, "persons.csv", "id:ID(Person){id-type:long},name,gender,birthday:date,age:long,isMarried:boolean", error))
    {
      g_free (female);
      return FALSE;
    }
  for (gint64 i = 0; i < n; i++)
    {
      const char *first = female[i] ? female_first[rng_below (&rng, G_N_ELEMENTS (female_first))]
                                    : male_first[rng_below (&rng, G_N_ELEMENTS (male_first))];
      const char *last = last_names[rng_below (&rng, G_N_ELEMENTS (last_names))];
      int y, m, d;
      civil_from_days (first_day + rng_below (&rng, last_day - first_day + 1), &y, &m, &d);
      /* Age in whole years on 2024-08-11. */
      int age = 2024 - y - ((m > 8 || (m == 8 && d > 11)) ? 1 : 0);
      gboolean married = rng_below (&rng, 2);
      fprintf (o.f, "%" G_GINT64_FORMAT ",%s %s,%s,%04d-%02d-%02d,%d,%s\n", i + 1, first, last, female[i] ? "female" : "male", y, m, d, age, married ? "true" : "false");
    }
  g_free (female);
  return out_close (&o, error);
}

static gboolean
write_follows (const Config *cfg, gsize *n_edges, GError **error)
{
  Rng rng;
  guint64 n = cfg->persons;
  guint64 n_random = 10 * n;
  guint64 n_super = n * 5 / 1000;
  guint64 lo = cfg->super_base * 5 / 1000, hi = cfg->super_base * 5 / 100;
  GArray *keys;
  Out o;

  if (hi > n)
    hi = n;
  if (lo > hi)
    lo = hi;

  /* Key = (followed << 32 | follower): sorting it gives the study's order,
   * by the followed person, then the follower. */
  keys = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_random + n_super * (lo + hi) / 2 + 16);

  rng_init (&rng, cfg->seed, STREAM_FOLLOWS);
  if (n > 1)
    for (guint64 i = 0; i < n_random; i++)
      {
        guint64 to = rng_below (&rng, n) + 1;
        guint64 from = rng_below (&rng, n) + 1;
        if (to != from)
          {
            guint64 k = to << 32 | from;
            g_array_append_val (keys, k);
          }
      }

  /* Super nodes: 0.5% of persons, each followed by a uniform 0.5%..5% of
   * super_base persons, drawn without replacement. */
  rng_init (&rng, cfg->seed, STREAM_SUPER);
  if (n_super > 0 && hi > 0)
    {
      guint8 *is_super = g_new0 (guint8, n + 1);
      guint32 *bits = g_new0 (guint32, n / 32 + 2);
      guint64 *picked = g_new (guint64, hi + 1);
      guint64 chosen = 0;

      while (chosen < n_super)
        {
          guint64 s = rng_below (&rng, n) + 1;
          if (!is_super[s])
            {
              is_super[s] = 1;
              chosen++;
            }
        }
      for (guint64 s = 1; s <= n; s++)
        {
          if (!is_super[s])
            continue;
          guint64 k = hi > lo ? lo + rng_below (&rng, hi - lo) : lo;
          guint64 got = 0;
          while (got < k)
            {
              guint64 f = rng_below (&rng, n) + 1;
              if (bits[f >> 5] & (1u << (f & 31)))
                continue;
              bits[f >> 5] |= 1u << (f & 31);
              picked[got++] = f;
            }
          for (guint64 j = 0; j < got; j++)
            {
              guint64 f = picked[j];
              bits[f >> 5] &= ~(1u << (f & 31));
              if (f != s)
                {
                  guint64 key = s << 32 | f;
                  g_array_append_val (keys, key);
                }
            }
        }
      g_free (picked);
      g_free (bits);
      g_free (is_super);
    }

  guint64 *a = (guint64 *) keys->data;
  gsize len = keys->len, u = 0;
  radix_sort_u64 (a, len);
  for (gsize i = 0; i < len; i++)
    if (u == 0 || a[i] != a[u - 1])
      a[u++] = a[i];

  if (!out_open (&o, cfg->out_dir, "follows.csv", ":START_ID(Person),:END_ID(Person)", error))
    {
      g_array_free (keys, TRUE);
      return FALSE;
    }
  for (gsize i = 0; i < u; i++)
    put_pair (o.f, a[i] & 0xffffffffu, a[i] >> 32);
  g_array_free (keys, TRUE);
  *n_edges = u;
  return out_close (&o, error);
}

static gboolean
write_lives_in (const Config *cfg, const City *cities, GError **error)
{
  Rng rng;
  guint big_ids[N_BIG_CITIES];
  guint nb = 0;
  Out o;

  for (guint i = 0; i < N_CITIES_TOTAL; i++)
    if (cities[i].big)
      big_ids[nb++] = i + 1;
  g_assert (nb == N_BIG_CITIES);

  rng_init (&rng, cfg->seed, STREAM_LIVES_IN);
  if (!out_open (&o, cfg->out_dir, "lives_in.csv", ":START_ID(Person),:END_ID(City)", error))
    return FALSE;
  for (gint64 p = 1; p <= cfg->persons; p++)
    put_pair (o.f, p, big_ids[rng_below (&rng, nb)]);
  return out_close (&o, error);
}

static gboolean
write_interests (const Config *cfg, gsize *n_edges, GError **error)
{
  Rng rng;
  Out o;
  gsize total = 0;

  rng_init (&rng, cfg->seed, STREAM_INTERESTS);
  if (!out_open (&o, cfg->out_dir, "has_interest.csv", ":START_ID(Person),:END_ID(Interest)", error))
    return FALSE;
  for (gint64 p = 1; p <= cfg->persons; p++)
    {
      /* 1 to 4 distinct interests, written in interest order. */
      guint k = 1 + rng_below (&rng, 4);
      gboolean have[N_INTERESTS] = { FALSE };
      for (guint got = 0; got < k;)
        {
          guint i = rng_below (&rng, N_INTERESTS);
          if (!have[i])
            {
              have[i] = TRUE;
              got++;
            }
        }
      for (guint i = 0; i < N_INTERESTS; i++)
        if (have[i])
          put_pair (o.f, p, i + 1);
      total += k;
    }
  *n_edges = total;
  return out_close (&o, error);
}

int
main (int argc, char **argv)
{
  gint64 seed = 0, persons = 100000, super_base = 0;
  char *out_dir = NULL;
  GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 0)", "N" },
    { "persons", 'n', 0, G_OPTION_ARG_INT64, &persons, "Number of persons (default 100000)", "N" },
    { "super-base", 0, 0, G_OPTION_ARG_INT64, &super_base, "Population the super nodes' 0.5%..5% follower shares are taken of (default: --persons)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Output folder (created if missing)", "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- write the benchmark social network as CSV");
  g_autoptr (GError) error = NULL;
  City *cities = NULL;
  gsize n_follows = 0, n_interests = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Writes persons, cities, states, countries, interests and the follows, lives_in,\n"
                                         "has_interest, city_in and state_in relationships with neo4j-admin headers.\n");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "gen-social: %s\n", error->message);
      return 2;
    }
  if (out_dir == NULL || persons < 1 || persons > G_MAXUINT32 - 1 || seed < 0 || super_base < 0)
    {
      fprintf (stderr, "gen-social: need --out DIR and 1 <= --persons < 2^32\n");
      return 2;
    }
  if (g_mkdir_with_parents (out_dir, 0777) != 0)
    {
      fprintf (stderr, "gen-social: %s: %s\n", out_dir, g_strerror (errno));
      return 1;
    }

  Config cfg = { (guint64) seed, persons, super_base > 0 ? super_base : persons, out_dir };
  if (!write_places (&cfg, &cities, &error) || !write_persons (&cfg, &error) || !write_follows (&cfg, &n_follows, &error) || !write_lives_in (&cfg, cities, &error) || !write_interests (&cfg, &n_interests, &error))
    {
      fprintf (stderr, "gen-social: %s\n", error->message);
      return 1;
    }

  fprintf (stderr, "gen-social: seed %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " persons, %u cities (%u of a million or more), %u states, %u countries, %u interests; "
                   "%zu follows, %" G_GINT64_FORMAT " lives_in, %zu has_interest, %u city_in, %u state_in\n",
           seed, persons, (guint) N_CITIES_TOTAL, (guint) N_BIG_CITIES, (guint) N_STATES, (guint) N_COUNTRIES, (guint) N_INTERESTS,
           n_follows, persons, n_interests, (guint) N_CITIES_TOTAL, (guint) N_STATES);
  for (guint i = 0; i < N_CITIES_TOTAL; i++)
    if (!cities[i].big)
      g_free ((char *) cities[i].name);
  g_free (cities);
  g_free (out_dir);
  return 0;
}
