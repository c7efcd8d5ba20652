# Writes a man page from a program's --help text (cmake -P, at build time), so that the two
# never differ: the help text is the page's DESCRIPTION, kept as it is laid out.
#   cmake -DPROGRAM=path -DNAME=primes-threads -DSUMMARY="..." -DVERSION=0.1.0
#         -DSEE_ALSO="primes-mpi(1)" -DOUTPUT=primes-threads.1 -P ManPage.cmake
execute_process(COMMAND ${PROGRAM} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --help ended with ${status}")
endif()
# roff: a backslash is \e, a minus \-, and a line may not start with a dot or a quote.
string(REPLACE "\\" "\\e" help "${help}")
string(REPLACE "-" "\\-" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(TOUPPER "${NAME}" title)
string(REPLACE "-" "\\-" name "${NAME}")
string(REPLACE "-" "\\-" summary "${SUMMARY}")
string(REPLACE "-" "\\-" see_also "${SEE_ALSO}")
file(WRITE ${OUTPUT} ".TH ${title} 1 \"\" \"primes ${VERSION}\" \"User Commands\"
.SH NAME
${name} \\- ${summary}
.SH DESCRIPTION
.nf
${help}.fi
.SH SEE ALSO
${see_also}
")
