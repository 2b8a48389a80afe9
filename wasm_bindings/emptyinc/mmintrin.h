/* Eigen's SSE path includes <mmintrin.h>, which Emscripten 3.1.6 does not ship; it needs nothing from it. */
