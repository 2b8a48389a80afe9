// Catch2's main for nnplay_tests (every tests/core/*.cpp links into this one executable).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
