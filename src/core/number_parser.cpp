/// @file number_parser.cpp
/// A recursive-descent evaluator over signed 128-bit integers with checked arithmetic:
///
///   expr    := term (('+' | '-') term)*
///   term    := power ('*' power)*
///   power   := unary ('^' power)?          right-associative: 2^3^2 = 2^9
///   unary   := ('+' | '-')? primary
///   primary := literal | '(' expr ')'
///   literal := digits ('.' digits)? (('e' | 'E') ('+' | '-')? digits)?
///
/// Digits may be grouped with single underscores (1_000_000). Spaces are allowed between tokens.
#include "primes/number_parser.hpp"

#include <algorithm>
#include <cctype>

#include "primes/pmath.hpp"

namespace primes {
namespace {

// Any intermediate beyond 2^126 in magnitude is reported as "too large": the final result
// must fit in 64 bits, and this keeps every checked operation well inside i128.
constexpr i128 kLimit = i128{1} << 126;

enum class Problem { syntax, too_large, not_whole, too_deep };

// Parentheses and powers nest by recursion: a limit keeps a hostile argument (60,000 '(') from
// overflowing the stack. Nobody writes 100 levels by hand.
constexpr int kMaxDepth = 100;

struct Failure {
  Problem problem;
};

class Evaluator {
 public:
  explicit Evaluator(std::string_view text) : text_(text) {}

  i128 parse() {
    i128 v = expr();
    skip_spaces();
    if (pos_ != text_.size()) throw Failure{Problem::syntax};
    return v;
  }

 private:
  static i128 checked(i128 v) {
    if (v > kLimit || v < -kLimit) throw Failure{Problem::too_large};
    return v;
  }
  static i128 add(i128 a, i128 b) { return checked(a + b); }  // |a|,|b| <= 2^126: no overflow
  static i128 mul(i128 a, i128 b) {
    i128 r = 0;
    if (__builtin_mul_overflow(a, b, &r)) throw Failure{Problem::too_large};
    return checked(r);
  }
  static i128 pow(i128 base, i128 exp) {
    // 0, 1 and -1 have powers of every size; any other base overflows within 127 steps.
    if (base == 0) {
      if (exp < 0) throw Failure{Problem::not_whole};  // 0^-n is undefined
      return exp == 0 ? 1 : 0;
    }
    if (base == 1) return 1;
    if (base == -1) return exp % 2 == 0 ? 1 : -1;
    if (exp < 0) throw Failure{Problem::not_whole};
    i128 r = 1;
    for (i128 i = 0; i < exp; ++i)
      r = mul(r, base);
    return r;
  }

  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ')
      ++pos_;
  }
  bool accept(char c) {
    skip_spaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  i128 expr() {
    i128 v = term();
    for (;;) {
      if (accept('+')) {
        v = add(v, term());
      } else if (accept('-')) {
        v = add(v, -term());
      } else {
        return v;
      }
    }
  }
  i128 term() {
    i128 v = power();
    while (accept('*'))
      v = mul(v, power());
    return v;
  }
  i128 power() {
    i128 base = unary();
    if (accept('^')) {
      const Nesting nesting(*this);
      return pow(base, power());
    }
    return base;
  }
  i128 unary() {
    if (accept('-')) return -primary();
    accept('+');
    return primary();
  }
  i128 primary() {
    if (accept('(')) {
      const Nesting nesting(*this);
      i128 v = expr();
      if (!accept(')')) throw Failure{Problem::syntax};
      return v;
    }
    return literal();
  }

  // Digits with optional single underscores between them; counts them in *ndigits.
  i128 digits(int* ndigits) {
    i128 v = 0;
    *ndigits = 0;
    bool last_underscore = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        v = add(mul(v, 10), c - '0');
        ++*ndigits;
        last_underscore = false;
      } else if (c == '_' && *ndigits > 0 && !last_underscore) {
        last_underscore = true;
      } else {
        break;
      }
      ++pos_;
    }
    if (*ndigits == 0 || last_underscore) throw Failure{Problem::syntax};
    return v;
  }

  i128 literal() {
    skip_spaces();
    int n = 0;
    i128 mantissa = digits(&n);
    int scale = 0;  // value = mantissa * 10^scale
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      int fraction_digits = 0;
      i128 fraction = digits(&fraction_digits);
      for (int i = 0; i < fraction_digits; ++i)
        mantissa = mul(mantissa, 10);
      mantissa = add(mantissa, fraction);
      scale = -fraction_digits;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      bool negative = false;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        negative = text_[pos_] == '-';
        ++pos_;
      }
      int exp_digits = 0;
      i128 exp = digits(&exp_digits);
      if (exp > 1000) {  // far beyond 2^64 either way; avoid looping over it
        if (mantissa != 0) throw Failure{negative ? Problem::not_whole : Problem::too_large};
        exp = 0;
      }
      scale += negative ? -static_cast<int>(exp) : static_cast<int>(exp);
    }
    for (; scale > 0; --scale)
      mantissa = mul(mantissa, 10);
    for (; scale < 0; ++scale) {
      if (mantissa % 10 != 0) throw Failure{Problem::not_whole};
      mantissa /= 10;
    }
    return mantissa;
  }

  // One level of recursion, refused beyond kMaxDepth.
  class Nesting {
   public:
    explicit Nesting(Evaluator& e) : e_(e) {
      if (++e_.depth_ > kMaxDepth) throw Failure{Problem::too_deep};
    }
    ~Nesting() { --e_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Evaluator& e_;
  };

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

namespace {

// The value of `text` (at most max), or a NumberError naming max by `max_text`.
i128 evaluate(std::string_view text, i128 max, std::string_view max_text) {
  bool blank = true;
  for (char c : text)
    blank = blank && c == ' ';
  if (blank) throw NumberError("empty value, expected a number");
  const std::string too_large = quoted(text) + " is larger than " + std::string(max_text);
  i128 value = 0;
  try {
    value = Evaluator(text).parse();
  } catch (const Failure& f) {
    switch (f.problem) {
      case Problem::syntax:
        throw NumberError(quoted(text) +
                          " is not a number (examples: 300000, 1_000_000, 1e10, 2^32, 2^64-1)");
      case Problem::not_whole:
        throw NumberError(quoted(text) + " is not a whole number");
      case Problem::too_large:
        throw NumberError(too_large);
      case Problem::too_deep:
        throw NumberError(quoted(text) + " nests parentheses or powers more than " +
                          std::to_string(kMaxDepth) + " deep");
    }
  }
  if (value < 0) throw NumberError(quoted(text) + " is negative");
  if (value > max) throw NumberError(too_large);
  return value;
}

}  // namespace

std::uint64_t parse_number(std::string_view text) {
  return static_cast<std::uint64_t>(evaluate(text, i128{kMaxU64}, "2^64-1 = 18446744073709551615"));
}

u128 parse_wide_number(std::string_view text, u128 max, std::string_view max_text) {
  return static_cast<u128>(
      evaluate(text, static_cast<i128>(std::min(max, u128{1} << 125)), max_text));
}

}  // namespace primes
