# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (g++-mingw-w64-x86-64-posix: the
# POSIX thread model, which std::thread and std::mutex need). scripts/build-windows.sh uses it
# for the dependencies (built from Debian's source packages into a prefix) and for tsimport.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(TSIMPORT_MINGW x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${TSIMPORT_MINGW}-gcc-posix)
set(CMAKE_CXX_COMPILER ${TSIMPORT_MINGW}-g++-posix)
set(CMAKE_RC_COMPILER ${TSIMPORT_MINGW}-windres)
# Libraries and packages from the mingw sysroot (zlib: libz-mingw-w64-dev) and from the prefix
# the script builds (TSIMPORT_WINDOWS_PREFIX); programs from the build machine.
set(CMAKE_FIND_ROOT_PATH /usr/${TSIMPORT_MINGW} ${TSIMPORT_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# One file that runs on a clean Windows: the C++ runtime, libgcc and winpthreads linked in.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
# zlib (libz-mingw-w64-dev) statically: FindZLIB would take the import library of zlib1.dll.
set(ZLIB_LIBRARY /usr/${TSIMPORT_MINGW}/lib/libz.a CACHE FILEPATH "zlib, static")
