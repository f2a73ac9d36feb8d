import Testing
@testable import LazyArray
import Kernels

/// The tutorial's printing examples, end to end through NDArray (the formatter itself is
/// covered case by case in ArrayFormatterTests). Expected strings are NumPy 2.4's `str(a)`.
@Suite(.timeLimit(.minutes(10))) struct PrintingTests {
    @Test func tutorialExamples() {
        #expect((NDArray([1, 2, 3, 4]) + NDArray([10, 20, 30, 40])).description == "[11 22 33 44]")
        #expect((NDArray([1, 2, 3, 4, 5]) ** 2).description == "[ 1  4  9 16 25]")
        #expect((NDArray([[1, 2, 3], [4, 5, 6]]) + NDArray([10, 20, 30])).description == "[[11 22 33]\n [14 25 36]]")
        #expect(NDArray.eye(2).description == "[[1. 0.]\n [0. 1.]]")
        #expect(NDArray([1.4, 3.2]).description == "[1.4 3.2]")
        #expect(NDArray([true, false]).description == "[ True False]")
    }

    @Test(arguments: allModes)
    func printingAfterEitherMode(mode: EvaluationMode) {
        let y = NDArray([1, 2, 3, 4]) + NDArray([10, 20, 30, 40])
        evaluate(y, mode: mode)
        #expect("\(y)" == "[11 22 33 44]")
        let comparison = NDArray([1, 5]) .> 2
        evaluate(comparison, mode: mode)
        #expect(comparison.description == "[False  True]")
    }

    @Test func moreShapesAndDtypes() {
        #expect(NDArray([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]).description == "[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]")
        #expect(NDArray([Float(1.5), 2]).description == "[1.5 2. ]")
        #expect(NDArray.eye(3, 4, k: 1, dtype: .int32).description == "[[0 1 0 0]\n [0 0 1 0]\n [0 0 0 1]]")
        #expect(NDArray.linspace(0, 1, count: 5).description == "[0.   0.25 0.5  0.75 1.  ]")
        #expect(NDArray(3.5).description == "3.5")
        #expect(NDArray(7).description == "7")
        #expect(NDArray(true).description == "True")
        #expect(NDArray([Int]()).description == "[]")
        #expect(NDArray.zeros([2, 0]).description == "[]")
        // A transposed view prints in its own row-major order.
        #expect(NDArray([[1, 2, 3], [4, 5, 6]]).T.description == "[[1 4]\n [2 5]\n [3 6]]")
    }

    @Test func debugDescriptionAddsShapeAndDtype() {
        let a = NDArray([1.0, 2.0])
        #expect(a.debugDescription == "NDArray([1. 2.], shape: [2], dtype: float64)")
        let b = NDArray([Int32(1), 2, 3, 4], shape: [2, 2])
        #expect(b.debugDescription.contains("shape: [2, 2]"))
        #expect(b.debugDescription.contains("dtype: int32"))
        let c = NDArray.ones([3], dtype: .float32)
        #expect(c.debugDescription.contains("dtype: float32"))
        #expect(c.debugDescription.contains("[1. 1. 1.]"))
    }

    /// Past 1000 elements NumPy shows three items at each edge of every axis with `...`.
    @Test func summarization() {
        // np.arange(1000) is printed in full: 1000 entries, no "...".
        let full = NDArray.arange(1000).description
        #expect(!full.contains("..."))
        #expect(full.hasPrefix("[  0   1   2   3"))
        #expect(full.hasSuffix("997 998 999]"))
        #expect(NDArray.arange(1001).description == "[   0    1    2 ...  998  999 1000]")
        #expect(NDArray.arange(2000).reshape([40, 50]).description ==
                "[[   0    1    2 ...   47   48   49]\n [  50   51   52 ...   97   98   99]\n [ 100  101  102 ...  147  148  149]\n ...\n [1850 1851 1852 ... 1897 1898 1899]\n [1900 1901 1902 ... 1947 1948 1949]\n [1950 1951 1952 ... 1997 1998 1999]]")
        #expect((NDArray.arange(3000).reshape([3, 1000]) / 4).description ==
                "[[0.0000e+00 2.5000e-01 5.0000e-01 ... 2.4925e+02 2.4950e+02 2.4975e+02]\n [2.5000e+02 2.5025e+02 2.5050e+02 ... 4.9925e+02 4.9950e+02 4.9975e+02]\n [5.0000e+02 5.0025e+02 5.0050e+02 ... 7.4925e+02 7.4950e+02 7.4975e+02]]")
    }
}
