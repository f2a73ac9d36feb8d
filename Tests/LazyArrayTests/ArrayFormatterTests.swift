import Kernels
import Testing
@testable import LazyArray

/// One expected output of `str(a)`, generated with NumPy 2.4 by `Fixtures/make_format_cases.py`.
struct FormatCase: CustomTestStringConvertible, Sendable {
    /// What the case checks; shown in test output.
    let name: String
    /// The array's shape.
    let shape: [Int]
    /// The array's elements, row-major.
    let values: FormatValues
    /// NumPy's `str(a)`, verbatim.
    let expected: String

    /// Positional so the table reads like the NumPy calls it came from.
    init(_ name: String, _ shape: [Int], _ values: FormatValues, _ expected: String) {
        self.name = name
        self.shape = shape
        self.values = values
        self.expected = expected
    }

    var testDescription: String { name }
}

/// Every case below was printed by real NumPy; regenerate with
/// `python3 Tests/LazyArrayTests/Fixtures/make_format_cases.py` and paste the output here.
let formatCases: [FormatCase] = [
    FormatCase("int row", [4], .int([11, 22, 33, 44]),
               "[11 22 33 44]"),
    FormatCase("int squares", [5], .int([1, 4, 9, 16, 25]),
               "[ 1  4  9 16 25]"),
    FormatCase("int 2-D", [2, 3], .int([11, 22, 33, 14, 25, 36]),
               "[[11 22 33]\n [14 25 36]]"),
    FormatCase("int negative widest", [3], .int([-100, 5, 20]),
               "[-100    5   20]"),
    FormatCase("int32 same as int64", [2], .int([7, -3]),
               "[ 7 -3]"),
    FormatCase("uint8 row", [4], .unsigned([0, 7, 255, 128]),
               "[  0   7 255 128]"),
    FormatCase("uint64 beyond int64", [3], .unsigned([0, 18446744073709551615, 9223372036854775808]),
               "[                   0 18446744073709551615  9223372036854775808]"),
    FormatCase("uint32 2-D", [2, 2], .unsigned([1, 4294967295, 30, 4]),
               "[[         1 4294967295]\n [        30          4]]"),
    FormatCase("0-d uint64", [], .unsigned([18446744073709551615]),
               "18446744073709551615"),
    FormatCase("int64 extremes", [2], .int([-9223372036854775808, 9223372036854775807]),
               "[-9223372036854775808  9223372036854775807]"),
    FormatCase("int column", [3, 1], .int([1, 20, 300]),
               "[[  1]\n [ 20]\n [300]]"),
    FormatCase("bool row", [2], .bool([true, false]),
               "[ True False]"),
    FormatCase("bool 2-D", [2, 2], .bool([true, true, false, true]),
               "[[ True  True]\n [False  True]]"),
    FormatCase("float short", [2], .float([1.4, 3.2], kind: .double),
               "[1.4 3.2]"),
    FormatCase("float identity", [2, 2], .float([1.0, 0.0, 0.0, 1.0], kind: .double),
               "[[1. 0.]\n [0. 1.]]"),
    FormatCase("float aligned points", [2], .float([1.5, 2.25], kind: .double),
               "[1.5  2.25]"),
    FormatCase("float mixed widths", [3], .float([-1.5, 100.0, 0.125], kind: .double),
               "[ -1.5   100.      0.125]"),
    FormatCase("float negative zero", [2], .float([-0.0, 1.0], kind: .double),
               "[-0.  1.]"),
    FormatCase("float only negative zero", [1], .float([-0.0], kind: .double),
               "[-0.]"),
    FormatCase("float zeros", [3], .float([0.0, 0.0, 0.0], kind: .double),
               "[0. 0. 0.]"),
    FormatCase("float capped at 8 digits", [2], .float([0.3333333333333333, 0.6666666666666666], kind: .double),
               "[0.33333333 0.66666667]"),
    FormatCase("float 0.1 + 0.2", [2], .float([0.30000000000000004, 1.0], kind: .double),
               "[0.3 1. ]"),
    FormatCase("float rounded then trimmed", [2], .float([0.12345669999, 0.5], kind: .double),
               "[0.1234567 0.5      ]"),
    FormatCase("float rounding carries", [2], .float([0.999999999, 2.5], kind: .double),
               "[1.  2.5]"),
    FormatCase("float just below 1e8", [2], .float([99999999.0, 1000000.0], kind: .double),
               "[99999999.  1000000.]"),
    FormatCase("float min 1e-4 stays positional", [2], .float([0.0001, 0.1], kind: .double),
               "[0.0001 0.1   ]"),
    FormatCase("float ratio exactly 1000", [2], .float([1.0, 1000.0], kind: .double),
               "[   1. 1000.]"),
    FormatCase("sci small", [2], .float([1e-05, 1.0], kind: .double),
               "[1.e-05 1.e+00]"),
    FormatCase("sci with fraction", [2], .float([1e-05, 1.5], kind: .double),
               "[1.0e-05 1.5e+00]"),
    FormatCase("sci large", [2], .float([100000000.0, 1.0], kind: .double),
               "[1.e+08 1.e+00]"),
    FormatCase("sci ratio over 1000", [2], .float([1.0, 1001.0], kind: .double),
               "[1.000e+00 1.001e+03]"),
    FormatCase("sci capped at 8 digits", [2], .float([0.3333333333333333, 1e-05], kind: .double),
               "[3.33333333e-01 1.00000000e-05]"),
    FormatCase("sci rounded then trimmed", [2], .float([1.23456789999e-05, 1.0], kind: .double),
               "[1.2345679e-05 1.0000000e+00]"),
    FormatCase("sci rounds up a power of ten", [2], .float([9.9999999999e-05, 1.0], kind: .double),
               "[1.e-04 1.e+00]"),
    FormatCase("sci three-digit exponent", [3], .float([1e-100, 1e+100, 1.0], kind: .double),
               "[1.e-100 1.e+100 1.e+000]"),
    FormatCase("sci with negatives and zero", [3], .float([-1.25e-07, 0.0, 300000.0], kind: .double),
               "[-1.25e-07  0.00e+00  3.00e+05]"),
    FormatCase("sci negative zero", [2], .float([-0.0, 1e-09], kind: .double),
               "[-0.e+00  1.e-09]"),
    FormatCase("sci subnormal", [2], .float([.leastNonzeroMagnitude, 1.0], kind: .double),
               "[5.e-324 1.e+000]"),
    FormatCase("nan and inf", [2], .float([.nan, .infinity], kind: .double),
               "[nan inf]"),
    FormatCase("nan and -inf", [2], .float([.nan, -.infinity], kind: .double),
               "[ nan -inf]"),
    FormatCase("nan among floats", [3], .float([1.5, .nan, -.infinity], kind: .double),
               "[ 1.5  nan -inf]"),
    FormatCase("nan in scientific", [2], .float([1e-05, .nan], kind: .double),
               "[1.e-05    nan]"),
    FormatCase("nan wider than numbers", [2, 2], .float([1.0, .nan, -.infinity, 2.0], kind: .double),
               "[[  1.  nan]\n [-inf   2.]]"),
    FormatCase("float32 shortest digits", [3], .float([0.10000000149011612, 0.20000000298023224, 0.3333333432674408], kind: .single),
               "[0.1        0.2        0.33333334]"),
    FormatCase("float32 cutoff 1e6", [2], .float([1000000.0, 1.0], kind: .single),
               "[1.e+06 1.e+00]"),
    FormatCase("float32 below cutoff", [2], .float([999999.0, 1.0], kind: .single),
               "[9.99999e+05 1.00000e+00]"),
    FormatCase("float32 extra exact digits", [2], .float([0.10000000149011612, 1.1057118598500892e-07], kind: .single),
               "[1.00000001e-01 1.10571186e-07]"),
    FormatCase("float32 1e-4 compared as float32", [2], .float([9.999999747378752e-05, 0.05000000074505806], kind: .single),
               "[0.0001 0.05  ]"),
    FormatCase("float16 shortest digits", [4], .float([0.0999755859375, 0.199951171875, 0.333251953125, 1.00390625], kind: .half),
               "[0.1    0.2    0.3333 1.004 ]"),
    FormatCase("float16 cutoff 1e3", [2], .float([1000.0, 1.5], kind: .half),
               "[1.0e+03 1.5e+00]"),
    FormatCase("float16 below cutoff", [2], .float([999.5, 1.5], kind: .half),
               "[999.5   1.5]"),
    FormatCase("float16 specials", [5], .float([.nan, -0.0, 1.25, .infinity, 65504.0], kind: .half),
               "[      nan -0.00e+00  1.25e+00       inf  6.55e+04]"),
    FormatCase("float16 subnormal", [2], .float([5.960464477539063e-08, 1.0], kind: .half),
               "[6.e-08 1.e+00]"),
    FormatCase("0-d float16", [], .float([0.0999755859375], kind: .half),
               "0.1"),
    FormatCase("0-d float16 1e3", [], .float([1000.0], kind: .half),
               "1e+03"),
    FormatCase("0-d float16 999.5", [], .float([999.5], kind: .half),
               "999.5"),
    FormatCase("3-D blocks", [2, 2, 3], .int([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
               "[[[ 0  1  2]\n  [ 3  4  5]]\n\n [[ 6  7  8]\n  [ 9 10 11]]]"),
    FormatCase("4-D blocks", [2, 2, 2, 2], .int([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
               "[[[[ 0  1]\n   [ 2  3]]\n\n  [[ 4  5]\n   [ 6  7]]]\n\n\n [[[ 8  9]\n   [10 11]]\n\n  [[12 13]\n   [14 15]]]]"),
    FormatCase("wrap long int row", [40], .int([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]),
               "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39]"),
    FormatCase("wrap long float row", [17], .float([0.0, 0.0625, 0.125, 0.1875, 0.25, 0.3125, 0.375, 0.4375, 0.5, 0.5625, 0.625, 0.6875, 0.75, 0.8125, 0.875, 0.9375, 1.0], kind: .double),
               "[0.     0.0625 0.125  0.1875 0.25   0.3125 0.375  0.4375 0.5    0.5625\n 0.625  0.6875 0.75   0.8125 0.875  0.9375 1.    ]"),
    FormatCase("wrap rows of 2-D", [2, 30], .int([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000, 20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000, 30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000, 40000, 41000, 42000, 43000, 44000, 45000, 46000, 47000, 48000, 49000, 50000, 51000, 52000, 53000, 54000, 55000, 56000, 57000, 58000, 59000]),
               "[[    0  1000  2000  3000  4000  5000  6000  7000  8000  9000 10000 11000\n  12000 13000 14000 15000 16000 17000 18000 19000 20000 21000 22000 23000\n  24000 25000 26000 27000 28000 29000]\n [30000 31000 32000 33000 34000 35000 36000 37000 38000 39000 40000 41000\n  42000 43000 44000 45000 46000 47000 48000 49000 50000 51000 52000 53000\n  54000 55000 56000 57000 58000 59000]]"),
    FormatCase("wrap exactly at width", [25], .int([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124]),
               "[100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117\n 118 119 120 121 122 123 124]"),
    FormatCase("3-D floats aligned", [2, 3, 4], .float([100.5, 1335.0678, 2569.6356, 3804.2034000000003, 5038.7712, 6273.339, 7507.906800000001, 8742.4746, 9977.0424, 11211.610200000001, 12446.178, 13680.7458, 14915.313600000001, 16149.8814, 17384.4492, 18619.017, 19853.5848, 21088.1526, 22322.720400000002, 23557.2882, 24791.856, 26026.4238, 27260.9916, 28495.559400000002], kind: .double),
               "[[[  100.5     1335.0678  2569.6356  3804.2034]\n  [ 5038.7712  6273.339   7507.9068  8742.4746]\n  [ 9977.0424 11211.6102 12446.178  13680.7458]]\n\n [[14915.3136 16149.8814 17384.4492 18619.017 ]\n  [19853.5848 21088.1526 22322.7204 23557.2882]\n  [24791.856  26026.4238 27260.9916 28495.5594]]]"),
    FormatCase("summarize wraps long words", [3000], .float((0..<3000).map { Double($0) * 1.1e5 / 7 }, kind: .double),
               "[0.00000000e+00 1.57142857e+04 3.14285714e+04 ... 4.70957143e+07\n 4.71114286e+07 4.71271429e+07]"),
    FormatCase("summarize 1-D", [2000], .int((0..<2000).map { Int64($0) }),
               "[   0    1    2 ... 1997 1998 1999]"),
    FormatCase("summarize 2-D", [40, 50], .int((0..<2000).map { Int64($0) }),
               "[[   0    1    2 ...   47   48   49]\n [  50   51   52 ...   97   98   99]\n [ 100  101  102 ...  147  148  149]\n ...\n [1850 1851 1852 ... 1897 1898 1899]\n [1900 1901 1902 ... 1947 1948 1949]\n [1950 1951 1952 ... 1997 1998 1999]]"),
    FormatCase("summarize 3-D", [10, 10, 12], .int((0..<1200).map { Int64($0) }),
               "[[[   0    1    2 ...    9   10   11]\n  [  12   13   14 ...   21   22   23]\n  [  24   25   26 ...   33   34   35]\n  ...\n  [  84   85   86 ...   93   94   95]\n  [  96   97   98 ...  105  106  107]\n  [ 108  109  110 ...  117  118  119]]\n\n [[ 120  121  122 ...  129  130  131]\n  [ 132  133  134 ...  141  142  143]\n  [ 144  145  146 ...  153  154  155]\n  ...\n  [ 204  205  206 ...  213  214  215]\n  [ 216  217  218 ...  225  226  227]\n  [ 228  229  230 ...  237  238  239]]\n\n [[ 240  241  242 ...  249  250  251]\n  [ 252  253  254 ...  261  262  263]\n  [ 264  265  266 ...  273  274  275]\n  ...\n  [ 324  325  326 ...  333  334  335]\n  [ 336  337  338 ...  345  346  347]\n  [ 348  349  350 ...  357  358  359]]\n\n ...\n\n [[ 840  841  842 ...  849  850  851]\n  [ 852  853  854 ...  861  862  863]\n  [ 864  865  866 ...  873  874  875]\n  ...\n  [ 924  925  926 ...  933  934  935]\n  [ 936  937  938 ...  945  946  947]\n  [ 948  949  950 ...  957  958  959]]\n\n [[ 960  961  962 ...  969  970  971]\n  [ 972  973  974 ...  981  982  983]\n  [ 984  985  986 ...  993  994  995]\n  ...\n  [1044 1045 1046 ... 1053 1054 1055]\n  [1056 1057 1058 ... 1065 1066 1067]\n  [1068 1069 1070 ... 1077 1078 1079]]\n\n [[1080 1081 1082 ... 1089 1090 1091]\n  [1092 1093 1094 ... 1101 1102 1103]\n  [1104 1105 1106 ... 1113 1114 1115]\n  ...\n  [1164 1165 1166 ... 1173 1174 1175]\n  [1176 1177 1178 ... 1185 1186 1187]\n  [1188 1189 1190 ... 1197 1198 1199]]]"),
    FormatCase("summarize pads from shown only", [1501], .int((0..<1000).map { Int64($0) } + [123456789] + (0..<500).map { Int64($0) }),
               "[  0   1   2 ... 497 498 499]"),
    FormatCase("summarize floats", [1001], .float((0..<1001).map { Double($0) / 4 }, kind: .double),
               "[  0.     0.25   0.5  ... 249.5  249.75 250.  ]"),
    FormatCase("summarize short axis kept", [2, 501], .int((0..<1002).map { Int64($0) }),
               "[[   0    1    2 ...  498  499  500]\n [ 501  502  503 ...  999 1000 1001]]"),
    FormatCase("no summary at 1000", [10, 100], .int((0..<1000).map { Int64($0) }),
               "[[  0   1   2   3   4   5   6   7   8   9  10  11  12  13  14  15  16  17\n   18  19  20  21  22  23  24  25  26  27  28  29  30  31  32  33  34  35\n   36  37  38  39  40  41  42  43  44  45  46  47  48  49  50  51  52  53\n   54  55  56  57  58  59  60  61  62  63  64  65  66  67  68  69  70  71\n   72  73  74  75  76  77  78  79  80  81  82  83  84  85  86  87  88  89\n   90  91  92  93  94  95  96  97  98  99]\n [100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117\n  118 119 120 121 122 123 124 125 126 127 128 129 130 131 132 133 134 135\n  136 137 138 139 140 141 142 143 144 145 146 147 148 149 150 151 152 153\n  154 155 156 157 158 159 160 161 162 163 164 165 166 167 168 169 170 171\n  172 173 174 175 176 177 178 179 180 181 182 183 184 185 186 187 188 189\n  190 191 192 193 194 195 196 197 198 199]\n [200 201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217\n  218 219 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235\n  236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253\n  254 255 256 257 258 259 260 261 262 263 264 265 266 267 268 269 270 271\n  272 273 274 275 276 277 278 279 280 281 282 283 284 285 286 287 288 289\n  290 291 292 293 294 295 296 297 298 299]\n [300 301 302 303 304 305 306 307 308 309 310 311 312 313 314 315 316 317\n  318 319 320 321 322 323 324 325 326 327 328 329 330 331 332 333 334 335\n  336 337 338 339 340 341 342 343 344 345 346 347 348 349 350 351 352 353\n  354 355 356 357 358 359 360 361 362 363 364 365 366 367 368 369 370 371\n  372 373 374 375 376 377 378 379 380 381 382 383 384 385 386 387 388 389\n  390 391 392 393 394 395 396 397 398 399]\n [400 401 402 403 404 405 406 407 408 409 410 411 412 413 414 415 416 417\n  418 419 420 421 422 423 424 425 426 427 428 429 430 431 432 433 434 435\n  436 437 438 439 440 441 442 443 444 445 446 447 448 449 450 451 452 453\n  454 455 456 457 458 459 460 461 462 463 464 465 466 467 468 469 470 471\n  472 473 474 475 476 477 478 479 480 481 482 483 484 485 486 487 488 489\n  490 491 492 493 494 495 496 497 498 499]\n [500 501 502 503 504 505 506 507 508 509 510 511 512 513 514 515 516 517\n  518 519 520 521 522 523 524 525 526 527 528 529 530 531 532 533 534 535\n  536 537 538 539 540 541 542 543 544 545 546 547 548 549 550 551 552 553\n  554 555 556 557 558 559 560 561 562 563 564 565 566 567 568 569 570 571\n  572 573 574 575 576 577 578 579 580 581 582 583 584 585 586 587 588 589\n  590 591 592 593 594 595 596 597 598 599]\n [600 601 602 603 604 605 606 607 608 609 610 611 612 613 614 615 616 617\n  618 619 620 621 622 623 624 625 626 627 628 629 630 631 632 633 634 635\n  636 637 638 639 640 641 642 643 644 645 646 647 648 649 650 651 652 653\n  654 655 656 657 658 659 660 661 662 663 664 665 666 667 668 669 670 671\n  672 673 674 675 676 677 678 679 680 681 682 683 684 685 686 687 688 689\n  690 691 692 693 694 695 696 697 698 699]\n [700 701 702 703 704 705 706 707 708 709 710 711 712 713 714 715 716 717\n  718 719 720 721 722 723 724 725 726 727 728 729 730 731 732 733 734 735\n  736 737 738 739 740 741 742 743 744 745 746 747 748 749 750 751 752 753\n  754 755 756 757 758 759 760 761 762 763 764 765 766 767 768 769 770 771\n  772 773 774 775 776 777 778 779 780 781 782 783 784 785 786 787 788 789\n  790 791 792 793 794 795 796 797 798 799]\n [800 801 802 803 804 805 806 807 808 809 810 811 812 813 814 815 816 817\n  818 819 820 821 822 823 824 825 826 827 828 829 830 831 832 833 834 835\n  836 837 838 839 840 841 842 843 844 845 846 847 848 849 850 851 852 853\n  854 855 856 857 858 859 860 861 862 863 864 865 866 867 868 869 870 871\n  872 873 874 875 876 877 878 879 880 881 882 883 884 885 886 887 888 889\n  890 891 892 893 894 895 896 897 898 899]\n [900 901 902 903 904 905 906 907 908 909 910 911 912 913 914 915 916 917\n  918 919 920 921 922 923 924 925 926 927 928 929 930 931 932 933 934 935\n  936 937 938 939 940 941 942 943 944 945 946 947 948 949 950 951 952 953\n  954 955 956 957 958 959 960 961 962 963 964 965 966 967 968 969 970 971\n  972 973 974 975 976 977 978 979 980 981 982 983 984 985 986 987 988 989\n  990 991 992 993 994 995 996 997 998 999]]"),
    FormatCase("0-d float", [], .float([3.5], kind: .double),
               "3.5"),
    FormatCase("0-d int", [], .int([3]),
               "3"),
    FormatCase("0-d bool", [], .bool([true]),
               "True"),
    FormatCase("0-d whole float", [], .float([1.0], kind: .double),
               "1.0"),
    FormatCase("0-d float large", [], .float([1e+16], kind: .double),
               "1e+16"),
    FormatCase("0-d float below 1e16", [], .float([1000000000000000.0], kind: .double),
               "1000000000000000.0"),
    FormatCase("0-d float small", [], .float([1.5e-05], kind: .double),
               "1.5e-05"),
    FormatCase("0-d full digits", [], .float([0.30000000000000004], kind: .double),
               "0.30000000000000004"),
    FormatCase("0-d negative zero", [], .float([-0.0], kind: .double),
               "-0.0"),
    FormatCase("0-d nan", [], .float([.nan], kind: .double),
               "nan"),
    FormatCase("0-d -inf", [], .float([-.infinity], kind: .double),
               "-inf"),
    FormatCase("0-d float32", [], .float([0.10000000149011612], kind: .single),
               "0.1"),
    FormatCase("0-d float32 1e6", [], .float([1000000.0], kind: .single),
               "1e+06"),
    FormatCase("0-d float32 1e-4", [], .float([9.999999747378752e-05], kind: .single),
               "1e-04"),
    FormatCase("empty", [0], .float([], kind: .double),
               "[]"),
    FormatCase("empty 2x0", [2, 0], .float([], kind: .double),
               "[]"),
]

@Suite("ArrayFormatter matches NumPy's str(a)", .timeLimit(.minutes(10)))
struct ArrayFormatterTests {
    /// Each NumPy-generated case prints exactly as NumPy printed it.
    @Test(arguments: formatCases)
    func matchesNumPy(_ c: FormatCase) {
        #expect(ArrayFormatter.format(shape: c.shape, values: c.values) == c.expected)
    }

    /// `debugFormat` wraps the `str` text with the shape and dtype, for scalars and empties too.
    @Test func debugFormatNamesShapeAndDType() {
        #expect(ArrayFormatter.debugFormat(shape: [2], dtype: .float64, values: .float([1, 2], kind: .double))
            == "NDArray([1. 2.], shape: [2], dtype: float64)")
        #expect(ArrayFormatter.debugFormat(shape: [], dtype: .int32, values: .int([3]))
            == "NDArray(3, shape: [], dtype: int32)")
        #expect(ArrayFormatter.debugFormat(shape: [2, 0], dtype: .bool, values: .bool([]))
            == "NDArray([], shape: [2, 0], dtype: bool)")
    }

    /// Continuation lines sit under the first `[`, past `NDArray(`, as NumPy's `repr` indents
    /// past `array(`.
    @Test func debugFormatIndentsPastPrefix() {
        let text = ArrayFormatter.debugFormat(shape: [2, 2], dtype: .int64, values: .int([1, 2, 3, 4]))
        #expect(text == "NDArray([[1 2]\n         [3 4]], shape: [2, 2], dtype: int64)")
    }
}
