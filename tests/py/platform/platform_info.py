# platform: the three strings MicroPython offers
import platform

print(type(platform.platform()), type(platform.python_compiler()), type(platform.libc_ver()))
print(platform.platform().count("-") >= 4, "-with-" in platform.platform(), len(platform.libc_ver()) == 2)
