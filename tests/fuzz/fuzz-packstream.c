/* tests/fuzz/fuzz-packstream.c — libFuzzer entry point for the PackStream decoder.
 *
 * Decodes arbitrary bytes as a Bolt message and as a value, in both the 5.x and the
 * 4.4 structure forms, and checks the decoder's contract: exactly one of a value and an
 * error comes back, and whatever decodes re-encodes and decodes again to an equivalent
 * value. It does not check what messages mean (the protocol does). Built as a libFuzzer
 * target with -DKG_FUZZ=ON (clang), and linked with onefile.c otherwise so ctest replays
 * the corpus.
 */
#include "server/packstream.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_round_trip (const KgValue *v, const KgPackstreamFormat *format)
{
  g_autoptr (GByteArray) again = g_byte_array_new ();
  kg_packstream_put_value (again, v, format, NULL, NULL);
  KgValue back;
  g_autoptr (GError) error = NULL;
  gboolean ok = kg_packstream_read_value (again->data, again->len, format, &back, &error);
  g_assert (ok && error == NULL);
  g_assert (kg_value_equivalent (v, &back));
  kg_value_clear (&back);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const KgPackstreamFormat formats[] = { { TRUE, TRUE }, { FALSE, FALSE } };
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      KgValue v;
      GError *error = NULL;
      gboolean ok = kg_packstream_read_value (data, size, &formats[f], &v, &error);
      g_assert (ok == (error == NULL));
      if (ok)
        check_round_trip (&v, &formats[f]);
      g_clear_error (&error);
      kg_value_clear (&v);

      guint8 tag;
      KgValue fields;
      ok = kg_packstream_read_message (data, size, &formats[f], &tag, &fields, &error);
      g_assert (ok == (error == NULL));
      g_assert (ok == (fields.type == KG_VALUE_LIST));
      g_clear_error (&error);
      kg_value_clear (&fields);
    }
  return 0;
}
