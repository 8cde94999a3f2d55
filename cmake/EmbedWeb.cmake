# The tablet web app (web/dist, built by `npm run build` in web/) embedded into the binary.
#
# Included from src/http/CMakeLists.txt: yorisoi_embed_web(<target>) adds a custom target that runs
# this file as a script (cmake -P) on every build and adds the generated
#   ${CMAKE_BINARY_DIR}/generated/web_assets.cpp
# to <target>. For every file of web/dist it holds the URL path ("/index.html",
# "/assets/index-abc123.js"), the content type, the bytes and a `gzip -9 -n` copy (left empty when
# it would not be smaller). The .cpp is rewritten only when its content changes (a manifest of the
# files' SHA-256 skips the work when nothing changed, and the copy is ONLY_IF_DIFFERENT), so an
# unchanged app recompiles nothing. Without web/dist/index.html a small Japanese placeholder page is
# embedded instead, so the C++ build never needs npm.
#
# The folder is the cache variable YORISOI_WEB_DIST (default web/dist). Script mode variables:
# WEB_DIST (folder), OUTPUT (.cpp), GZIP (the gzip program), WORK (scratch).

if(NOT CMAKE_SCRIPT_MODE_FILE)
  # ----------------------------------------------------------------------------------------------
  # Configure time: the custom target.
  set(YORISOI_WEB_DIST ${PROJECT_SOURCE_DIR}/web/dist
      CACHE PATH "The built tablet web app to embed (npm run build in web/ writes it)")
  find_program(YORISOI_GZIP gzip REQUIRED)

  function(yorisoi_embed_web target)
    set(dist ${YORISOI_WEB_DIST})
    set(out ${CMAKE_BINARY_DIR}/generated/web_assets.cpp)
    if(NOT EXISTS ${dist}/index.html)
      message(STATUS "${dist}/index.html not found: a placeholder page is embedded "
                     "(build the tablet app with `npm run build` in web/, or `make build`)")
    endif()
    add_custom_target(${target}_web_assets
      COMMAND ${CMAKE_COMMAND} -DWEB_DIST=${dist} -DOUTPUT=${out} -DGZIP=${YORISOI_GZIP}
              -DWORK=${CMAKE_BINARY_DIR}/generated/web_work -P ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
      BYPRODUCTS ${out}
      COMMENT "Embedding the tablet web app (web/dist)"
      VERBATIM)
    target_sources(${target} PRIVATE ${out})
    # Large string literals are the point of this file.
    set_source_files_properties(${out} PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
    add_dependencies(${target} ${target}_web_assets)
  endfunction()
  return()
endif()

# ------------------------------------------------------------------------------------------------
# Script mode: generate OUTPUT from WEB_DIST.
cmake_minimum_required(VERSION 3.25)

foreach(var WEB_DIST OUTPUT GZIP WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "EmbedWeb.cmake: -D${var}=... is required")
  endif()
endforeach()

# Content type by file extension. (Not a list of "ext=type" pairs: CMake lists split at the ";" of
# "; charset=utf-8".)
function(web_content_type path out_var)
  string(REGEX MATCH "[^./]*$" ext "${path}")
  string(TOLOWER "${ext}" ext)
  set(utf8 "; charset=utf-8")
  if(ext STREQUAL "html")
    set(type "text/html${utf8}")
  elseif(ext STREQUAL "js" OR ext STREQUAL "mjs")
    set(type "text/javascript${utf8}")
  elseif(ext STREQUAL "css")
    set(type "text/css${utf8}")
  elseif(ext STREQUAL "txt")
    set(type "text/plain${utf8}")
  elseif(ext STREQUAL "json" OR ext STREQUAL "map")
    set(type "application/json")
  elseif(ext STREQUAL "webmanifest")
    set(type "application/manifest+json")
  elseif(ext STREQUAL "svg")
    set(type "image/svg+xml")
  elseif(ext STREQUAL "png")
    set(type "image/png")
  elseif(ext STREQUAL "jpg" OR ext STREQUAL "jpeg")
    set(type "image/jpeg")
  elseif(ext STREQUAL "webp")
    set(type "image/webp")
  elseif(ext STREQUAL "ico")
    set(type "image/x-icon")
  elseif(ext STREQUAL "woff2")
    set(type "font/woff2")
  elseif(ext STREQUAL "woff")
    set(type "font/woff")
  else()
    set(type "application/octet-stream")
  endif()
  set(${out_var} "${type}" PARENT_SCOPE)
endfunction()

# The bytes of a file as a C++ string literal, 64 bytes a line, every byte as \xNN (so a following
# character can never extend an escape).
function(web_literal file out_var)
  file(READ "${file}" hex HEX)
  if(hex STREQUAL "")
    set(${out_var} "\"\"" PARENT_SCOPE)
    return()
  endif()
  string(REPEAT "." 128 line)  # 64 bytes in hex
  string(REGEX REPLACE "(${line})" "\\1\"\n    \"" hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" hex "${hex}")
  set(${out_var} "\"${hex}\"" PARENT_SCOPE)
endfunction()

# A string as a C++ string literal (paths and content types: escape \ and ").
function(web_quote text out_var)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  set(${out_var} "\"${text}\"" PARENT_SCOPE)
endfunction()

file(MAKE_DIRECTORY "${WORK}")

# The files to embed: (URL path, source file). Hidden files are left out.
set(paths)
set(sources)
set(placeholder FALSE)
if(EXISTS "${WEB_DIST}/index.html")
  file(GLOB_RECURSE found LIST_DIRECTORIES false RELATIVE "${WEB_DIST}" "${WEB_DIST}/*")
  list(SORT found)
  foreach(rel IN LISTS found)
    if(rel MATCHES "(^|/)\\.")
      continue()
    endif()
    list(APPEND paths "/${rel}")
    list(APPEND sources "${WEB_DIST}/${rel}")
  endforeach()
else()
  set(placeholder TRUE)
  set(page "${WORK}/placeholder.html")
  file(WRITE "${page}.new" [=[<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>寄り添い</title>
</head>
<body>
<main>
<h1>寄り添い</h1>
<p>画面がビルドされていません。make build を実行してください。</p>
<p>The tablet web app has not been built: run make build.</p>
</main>
</body>
</html>
]=])
  file(COPY_FILE "${page}.new" "${page}" ONLY_IF_DIFFERENT)
  file(REMOVE "${page}.new")
  list(APPEND paths "/index.html")
  list(APPEND sources "${page}")
endif()

# Nothing to do when the files, this script and the output are as at the last run.
file(SHA256 "${CMAKE_CURRENT_LIST_FILE}" manifest)
foreach(path source IN ZIP_LISTS paths sources)
  file(SHA256 "${source}" hash)
  string(APPEND manifest "\n${path} ${hash}")
endforeach()
set(manifest_file "${WORK}/manifest.txt")
if(EXISTS "${OUTPUT}" AND EXISTS "${manifest_file}")
  file(READ "${manifest_file}" previous)
  if(previous STREQUAL manifest)
    return()
  endif()
endif()

if(placeholder)
  message(STATUS "${WEB_DIST}/index.html not found: embedding the placeholder page "
                 "(run `npm run build` in web/, or `make build`)")
endif()

set(literals "")
set(table "")
set(index 0)
foreach(path source IN ZIP_LISTS paths sources)
  web_content_type("${path}" type)
  web_quote("${path}" path_literal)
  web_quote("${type}" type_literal)
  web_literal("${source}" body)
  execute_process(COMMAND "${GZIP}" -9 -n -c "${source}" OUTPUT_FILE "${WORK}/asset.gz"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip failed on ${source}")
  endif()
  file(SIZE "${source}" plain_size)
  file(SIZE "${WORK}/asset.gz" gzip_size)
  if(gzip_size LESS plain_size)
    web_literal("${WORK}/asset.gz" gzip)
  else()
    set(gzip "\"\"")  # already compressed (png, woff2 ...): served as it is
  endif()
  string(APPEND literals "// ${path_literal}\nconstexpr char kBody${index}[] =\n    ${body};\n"
                         "constexpr char kGzip${index}[] =\n    ${gzip};\n")
  string(APPEND table "    {${path_literal}, ${type_literal}, Bytes(kBody${index}), "
                      "Bytes(kGzip${index})},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(REMOVE "${WORK}/asset.gz")

if(placeholder)
  set(origin "the placeholder page (no index.html in the app folder)")
else()
  set(origin "the built app")
endif()
file(WRITE "${WORK}/web_assets.cpp.new" "// Generated by cmake/EmbedWeb.cmake from ${origin}. Do not edit.
#include <cstddef>
#include <span>
#include <string_view>

#include \"http/web_assets.hpp\"

namespace yorisoi::http {
namespace {

template <std::size_t N>
constexpr std::string_view Bytes(const char (&literal)[N]) {
  return std::string_view(literal, N - 1);
}

${literals}
constexpr WebAsset kAssets[] = {
${table}};

}  // namespace

std::span<const WebAsset> WebAssets() { return kAssets; }

}  // namespace yorisoi::http
")
file(COPY_FILE "${WORK}/web_assets.cpp.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${WORK}/web_assets.cpp.new")
file(WRITE "${manifest_file}" "${manifest}")
