import Scheduler

extension PlannedKernel {
    /// The kernel when it is a block-VM program (elementwise or reduction), nil for a matrix
    /// product or a row softmax: what tests that look at programs read.
    var programKernel: ProgramKernel? {
        if case .program(let kernel) = kind { return kernel }
        return nil
    }
}
