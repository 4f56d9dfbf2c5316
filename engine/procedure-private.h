/* engine/procedure-private.h — table procedures inside the engine (see procedure.c).
 *
 * The planner checks a CALL against a KgProcedure's signature; the TableCall operator
 * (ops/op-table-call.c) reads its rows. Nothing here is public beyond engine.h's
 * kg_procedure_new()/kg_procedure_free().
 */
#pragma once

#include "engine/ops/op-private.h"
#include "engine/engine.h"

G_BEGIN_DECLS

struct _KgProcedure
{
  char *name;
  GPtrArray *in_names; /* (element-type utf8) */
  GPtrArray *in_types; /* (element-type utf8) INTEGER, FLOAT, NUMBER, STRING, ANY, ... */
  GPtrArray *out_names;
  GPtrArray *out_types;
  KgValue rows; /* LIST of LISTs: inputs, then outputs */
};

/** kg_procedure_lookup: Returns: (nullable): the procedure called @name in @procedures. */
const KgProcedure *kg_procedure_lookup (GPtrArray *procedures, const char *name);
/** kg_procedure_type_accepts: TRUE when @v may be passed where @type is declared. */
gboolean kg_procedure_type_accepts (const char *type, const KgValue *v);

/**
 * kg_op_table_call_new:
 * @args: (element-type KgAst) bound argument expressions (borrowed), one per input
 * @out: the slots that receive outputs
 * @out_cols: for each slot in @out, the index of the output column it takes
 * @void_rows: for a procedure without outputs: pass each input row through (in a
 *   query) or produce none (a standalone call)
 */
KgOp *kg_op_table_call_new (KgExec *exec, KgOp *child, const KgProcedure *proc, GPtrArray *args, const KgSlots *out, const int *out_cols, gboolean void_rows);

G_END_DECLS
