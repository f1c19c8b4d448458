# Float text under %e/%f/%g and format specs: MicroPython rounds the exact value
# with ties away from zero, prints at most 17 significant digits, and limits the
# text to its 32-byte buffer.

values = (0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 0.15, 0.25, 0.35, 1.005, 2.675, 1e15 + 0.5, 123456.5, 1 / 3, 2 / 3, 0.1, 0.1 + 0.2, 9.995, 99.95, 999.5, 1e23, 1.5e23, 2.0**60, 5e-324, 1.7976931348623157e308, 6e-5)
for i, v in enumerate(values):
    print(i, "%.0f %.1f %.2f %.3f %.0e %.1e %.2e %.1g %.2g %.3g" % ((v,) * 10))
    print(i, "%.15e|%.16e|%.17e|%.20e|%.17f|%.20f|%.17g|%.25g" % ((v,) * 8))
for prec in range(0, 40, 3):
    fmt = "%." + str(prec)
    print(prec, (fmt + "f") % 0.1, (fmt + "f") % 1e-5, (fmt + "e") % 0.1, (fmt + "g") % (1 / 3))
for e in range(18, 34):
    x = float("1.5e" + str(e))
    print(e, "%f" % x, "%.3f" % x, "%.8f" % -x, "%+.2f" % x, "%.40g" % x)
for v in (116, 1111, 1234, 5010, 99994):
    for fmt in ("{:.5e}", "{:.1e}", "{:.0e}", "{:.3f}", "{:.0f}", "{:.3g}", "{:.0g}", "{:g}", "{}", "{:.3}", "{:10}"):
        print(fmt, fmt.format(v / 1000), fmt.format(v / 10**7))
