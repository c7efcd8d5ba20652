/// @file simd_intrinsics.hpp
/// <immintrin.h> for the code that uses AVX-512 intrinsics (in functions compiled for it, or in
/// files compiled with its flags), with GCC 12's warnings about them silenced: its intrinsics
/// start some registers from an undefined value on purpose.
#pragma once

#if defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif
