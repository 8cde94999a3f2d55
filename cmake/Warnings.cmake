# Warnings are errors on our own code. Third-party headers come in as SYSTEM includes.
# -Wnull-dereference is left out: g++ 12 at -O2 reports false positives inside libstdc++.
function(yorisoi_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror
    -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
    -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
endfunction()
