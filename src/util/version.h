/* version.h - the tool's version, shown in the notice, status and reports. */
#ifndef CC_VERSION_H
#define CC_VERSION_H

#define CC_VERSION "0.1.0"

#endif
