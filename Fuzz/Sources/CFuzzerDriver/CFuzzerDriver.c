// Header-only module; SwiftPM needs one source file for a C target.
#include "CFuzzerDriver.h"
