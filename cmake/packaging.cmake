# CPack: `cpack --config build/CPackConfig.cmake` (or `cmake --build build --target package`)
# makes tsimport_VERSION_ARCH.deb from the install rules (docs/install.md). The Windows .zip is
# made by packaging/windows/ from build-windows/tsimport.exe.
set(CPACK_PACKAGE_NAME tsimport)
set(CPACK_PACKAGE_VENDOR "tsimport")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(TSIMPORT_DEB_MAINTAINER "tsimport developers <https://github.com/tsimport/tsimport/issues>"
    CACHE STRING "The .deb's Maintainer field")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TSIMPORT_DEB_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
 tsimport reads an exported task sequence (bare XML, object.xml, a console export .zip, an
 MDT ts.xml), builds the SMS_TaskSequence object with every step typed as its class defines
 it, validates it, and writes the object, canonical XML, documentation or diagnostics (SARIF,
 JUnit, GitHub and Azure annotations...), with an exit status that says what ImportSequence
 would return. No site server, no Windows needed.")
# Depends: the shared libraries the binary links, as dpkg-shlibdeps finds them (libtinyxml2,
# libspdlog, libfmt, libmimalloc, libstdc++, libc), and libzip, which it opens (dlopen) when an
# input is a zip, so that dpkg-shlibdeps cannot see it: its package is the one that holds the
# library this build names (libzip.so.4: libzip4).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
if(NOT TSIMPORT_STATIC)
  get_target_property(libzip_location libzip::zip LOCATION)
  set(libzip_package "")
  if(libzip_location)
    get_filename_component(libzip_real "${libzip_location}" REALPATH)
    execute_process(COMMAND dpkg-query -S "${libzip_real}" OUTPUT_VARIABLE owner
                    RESULT_VARIABLE rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(rc EQUAL 0)
      string(REGEX REPLACE ":.*" "" libzip_package "${owner}")
    endif()
  endif()
  if(libzip_package STREQUAL "")
    set(libzip_package libzip4)
  endif()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${libzip_package}")
endif()

include(CPack)
