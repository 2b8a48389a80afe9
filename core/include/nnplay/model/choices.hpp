// Every named choice a spec takes and its numeric limits, from the core's own tables: the page's editor
// lists these instead of keeping copies.
#pragma once
#include "nnplay/io/fields.hpp"

namespace nnplay {

// {"activation": [...], "initializer": [...], "loss": [...], "optimizer": [...], "regularizer": [...],
//  "padding": [...], "preprocessing": [...], "layer": [...], "metric": [...], "data": {"source", "missing",
//  "color"}, "early_stopping": {"mode"}, "limits": {"max_epochs": N, ...}}. Aliases ("mse") are left out.
json spec_choices();

}  // namespace nnplay
