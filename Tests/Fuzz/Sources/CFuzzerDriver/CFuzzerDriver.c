// Only the declaration in include/CFuzzerDriver.h is needed; libFuzzer supplies the function.
#include "CFuzzerDriver.h"
